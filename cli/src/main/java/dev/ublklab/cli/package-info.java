/** ublk-lab cli module. */
package dev.ublklab.cli;
