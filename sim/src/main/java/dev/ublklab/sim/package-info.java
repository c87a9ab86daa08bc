/**
 * Deterministic simulation of the model: one seed decides everything. Scenario and trace codecs,
 * the seeded {@link dev.ublklab.sim.Prng}, the {@link dev.ublklab.sim.Chooser} that random runs,
 * replays and the checker share, and the {@link dev.ublklab.sim.Simulator}.
 */
package dev.ublklab.sim;
