package dev.ublklab.model;

/**
 * A named property of states (MODEL.md §5). {@link #explain} returns null when it holds, else one
 * line built from the state's own words ("tag 1 of queue 0 carries w1 and w2").
 */
public interface Invariant {
    /** The public name used in scenarios, reports and tests. */
    String name();

    /** Safety invariants apply against any server; correctness ones with the correct server. */
    Kind kind();

    /** Null when the invariant holds in {@code w}, else why not. */
    String explain(Model m, World w);

    /**
     * The parts of the state this invariant reads, or null for "all of it". States are immutable
     * values, so when every part is the same object as at a check that passed, the invariant still
     * holds and a checker may skip it.
     */
    default Object[] reads(World w) {
        return null;
    }

    /** Whether two {@link #reads} results name the very same objects (so the verdict cannot have changed). */
    static boolean sameReads(Object[] now, Object[] before) {
        if (now == null || before == null || now.length != before.length) {
            return false;
        }
        for (int i = 0; i < now.length; i++) {
            if (now[i] != before[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many independent parts the check has. A part that reads less of the state can be skipped
     * more often; the invariant holds when every part holds.
     */
    default int parts() {
        return 1;
    }

    /** Part {@code part} of {@link #explain(Model, World)}. */
    default String explain(Model m, World w, int part) {
        return explain(m, w);
    }

    /** What part {@code part} reads (see {@link #reads(World)}). */
    default Object[] reads(World w, int part) {
        return reads(w);
    }

    /** Which servers an invariant is judged against. */
    enum Kind { SAFETY, CORRECTNESS, LIVENESS }
}
