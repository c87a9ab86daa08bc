/** ublk-lab real module. */
package dev.ublklab.real;
