/** ublk-lab viz module. */
package dev.ublklab.viz;
