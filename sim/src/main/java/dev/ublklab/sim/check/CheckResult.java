package dev.ublklab.sim.check;

/** The verdict of {@link Checker#check}. Every variant carries the search's {@link Stats}. */
public sealed interface CheckResult {
    Stats stats();

    /** Every reachable state satisfies the checked invariants (and no livelock, if searched). */
    record Passed(Stats stats) implements CheckResult {}

    /**
     * A reachable state breaks {@code invariant}; for every-io-completes, a terminal state where
     * every IO completed and one failed.
     *
     * @param shortest  a shortest run to such a state (BFS)
     * @param minimised the run after {@link TraceMinimizer} (never longer)
     */
    record Violated(String invariant, String explanation, Counterexample shortest, Counterexample minimised, Stats stats) implements CheckResult {}

    /** every-io-completes at a terminal state: nothing is enabled but an IO is pending. */
    record Deadlocked(String explanation, Counterexample shortest, Counterexample minimised, Stats stats) implements CheckResult {}

    /**
     * every-io-completes on a cycle: from the end of {@code prefix}, {@code cycle} returns to the
     * same concrete state and completes no IO, forever.
     */
    record Livelock(Counterexample prefix, Counterexample cycle, String explanation, Stats stats) implements CheckResult {}

    /** The search stopped early; {@code covered} states to depth {@code depth} were clean. */
    record LimitReached(String reason, long covered, int depth, Stats stats) implements CheckResult {}

    /** The invariant this result shows broken, or null (passed, or stopped early). */
    default String broken() {
        return switch (this) {
            case Passed p -> null;
            case Violated v -> v.invariant();
            case Deadlocked d -> liveness(d.explanation());
            case Livelock l -> liveness(l.explanation());
            case LimitReached l -> null;
        };
    }

    /** One line for humans. */
    default String headline() {
        return switch (this) {
            case Passed p -> "passed";
            case Violated v -> "violated " + v.invariant() + ": " + v.explanation();
            case Deadlocked d -> "deadlocked (" + liveness(d.explanation()) + "): " + d.explanation();
            case Livelock l -> "livelock (" + liveness(l.explanation()) + "): " + l.explanation();
            case LimitReached l -> "limit reached (" + l.reason() + ") after " + l.covered() + " states, depth " + l.depth();
        };
    }

    /** Which liveness invariant a deadlock or livelock explanation is about (the lifecycle's names itself first). */
    static String liveness(String explanation) {
        String td = dev.ublklab.model.Invariants.TEARDOWN_COMPLETES;
        return explanation != null && explanation.startsWith(td) ? td : dev.ublklab.model.Invariants.EVERY_IO_COMPLETES;
    }
}
