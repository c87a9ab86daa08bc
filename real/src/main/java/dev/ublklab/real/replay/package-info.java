/**
 * Replays a scenario (docs/scenario-format.md) on the real kernel: device from the scenario's config,
 * a {@link dev.ublklab.real.ublk.RequestHandler} that interprets the scenario's server policy, an IO
 * client that issues the scenario's IOs in its order and segment layout, a trace in the project format
 * (src "real"), and {@link dev.ublklab.sim.Conformance} on its observations. See docs/replay.md.
 */
package dev.ublklab.real.replay;
