/** ublk-lab model module. */
package dev.ublklab.model;
