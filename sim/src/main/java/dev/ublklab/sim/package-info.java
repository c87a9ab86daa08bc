/** ublk-lab sim module. */
package dev.ublklab.sim;
