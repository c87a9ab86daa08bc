package dev.ublklab.trace;

/**
 * How a run, a search, a swarm seed or a replay ended: one vocabulary for the simulator, the
 * checker, the real backend and the trace's end line.
 */
public enum Verdict {
    /** Nothing left to do and every checked invariant held (a replay: the real run conforms). */
    PASSED,
    /** A checked invariant broke (a replay: the model cannot explain an observation). */
    VIOLATED,
    /** IOs are pending and nothing can move. */
    DEADLOCKED,
    /** A cycle that never completes the pending IOs (the checker's lasso). */
    LIVELOCK,
    /** A bound (steps, states, memory) was reached first: nothing is proven. */
    LIMIT;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The verdict written as {@code wire}, or null. */
    public static Verdict byWire(String wire) {
        for (Verdict v : values()) {
            if (v.wire().equals(wire)) {
                return v;
            }
        }
        return null;
    }
}
