/**
 * The exhaustive checker (issue 4): {@link dev.ublklab.sim.check.Checker#check} explores every
 * state reachable in a {@link dev.ublklab.model.Model} breadth-first, on canonical states (one
 * canonical form, {@code CanonicalForm}: {@link dev.ublklab.sim.check.Fingerprints} hashes it,
 * {@link dev.ublklab.sim.check.Canonicalizer} decodes it into a World),
 * checks every named invariant at every state, finds deadlocks and livelocks of
 * every-io-completes, and returns a {@link dev.ublklab.sim.check.CheckResult} whose counterexamples
 * are {@link dev.ublklab.sim.check.Counterexample}s: events plus the choice index of each in
 * {@code Model.enabled}, so that a schedule replays exactly. {@link dev.ublklab.sim.check.CheckBench}
 * measures it.
 *
 * <p>Only {@link dev.ublklab.sim.check.Progress} reads the clock, for progress lines and
 * statistics; nothing it measures enters a state or a verdict.
 */
package dev.ublklab.sim.check;
