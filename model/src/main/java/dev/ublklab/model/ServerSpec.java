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

    default int chunk() {
        return switch (this) {
            case Correct c -> c.chunk();
            case Script s -> s.chunk();
        };
    }

    default String policy() {
        return switch (this) {
            case Correct c -> "correct";
            case Script s -> "script";
        };
    }
}
