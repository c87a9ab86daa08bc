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
     * The parts of a World ({@link World#IOS} and so on, or'ed) that part {@code part} of this
     * check reads. States are immutable values, so when none of them {@link World#changed} since
     * a state where the part held, it still holds and a checker may skip it.
     */
    default int reads(int part) {
        return World.EVERYTHING;
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

    /**
     * Part {@code part}, given {@code before}: a state where the part held and from which
     * {@code w} was reached by steps that share what they did not change (or null). A check may
     * skip what is the very same object in both; the verdict is the same as without it.
     */
    default String explain(Model m, World w, World before, int part) {
        return explain(m, w, part);
    }

    /** Which servers an invariant is judged against. */
    enum Kind { SAFETY, CORRECTNESS, LIVENESS }
}
