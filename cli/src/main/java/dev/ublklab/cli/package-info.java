/** The one command line of ublk-lab (picocli); the only module that knows every other. */
package dev.ublklab.cli;
