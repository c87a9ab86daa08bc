package dev.ublklab.viz;

/**
 * The model state after an event, as text for the details pane. The viewer shows it when one is
 * given; the command line builds it by replaying the run (in memory, or the header's {@code scenarioFile})
 * through the model.
 */
@FunctionalInterface
public interface StateAt {
    /** The state after event {@code event} of the trace, or null when it cannot be known. */
    String after(int event);

    StateAt NONE = e -> null;
}
