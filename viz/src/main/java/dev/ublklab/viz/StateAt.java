package dev.ublklab.viz;

/**
 * The model state after an event, for the details pane; {@link ModelReplay} replays a trace
 * through the model to give it, also as a tree marked with what changed.
 */
@FunctionalInterface
public interface StateAt {
    /** The state after event {@code event} of the trace, or null when it cannot be known. */
    String after(int event);

    /** The state after {@code event} as a tree, changed rows marked, or null when it cannot be known. */
    default StateNode tree(int event) {
        return null;
    }

    StateAt NONE = e -> null;
}
