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
     * Whether part {@code part} of this invariant reads the very same objects in {@code now} as in
     * {@code before}. States are immutable values, so when it does and the part held in
     * {@code before}, it still holds and a checker may skip it. False when unknown.
     */
    default boolean unchanged(World now, World before, int part) {
        return false;
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

    /** Which servers an invariant is judged against. */
    enum Kind { SAFETY, CORRECTNESS, LIVENESS }
}
