package dev.ublklab.model;

import java.util.List;

/** The server policy of a scenario (MODEL.md §4). */
public sealed interface ServerSpec {
    /** What a careful ublk server does; {@code chunk} > 0 splits transfers into SQEs of at most that many bytes. */
    record Correct(int chunk) implements ServerSpec {}

    /**
     * Per-IO plans, indexed like the scenario's IOs; a null entry means the correct plan.
     * {@code chunk} applies to {@link Action.Transfer}.
     */
    record Script(List<List<Action>> plans, int chunk) implements ServerSpec {
        public Script {
            plans = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(plans));
        }
    }

    /**
     * The correct server plus up to {@code budget} extra arbitrary actions from bounded domains
     * ({@link Event.Adversary}): splices and user copies on any queue and tag (stale ones and one
     * past the depth included) at offsets up to past the end, COMMIT_AND_FETCH_REQ of any tag with
     * wrong results, a crash. Only safety invariants are judged against it.
     */
    record Adversarial(int budget, int chunk) implements ServerSpec {}

    default int chunk() {
        return switch (this) {
            case Correct c -> c.chunk();
            case Script s -> s.chunk();
            case Adversarial a -> a.chunk();
        };
    }

    default String policy() {
        return switch (this) {
            case Correct c -> "correct";
            case Script s -> "script";
            case Adversarial a -> "adversarial";
        };
    }
}
