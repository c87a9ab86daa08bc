package dev.ublklab.viz;

/**
 * The model state after an event, as text for the details pane. The viewer shows it when one is
 * given; the intended implementation replays the header's {@code scenarioFile} through sim's
 * ScenarioCodec and TraceCodec.readEvent into Model.apply, which this branch does not have yet.
 */
@FunctionalInterface
public interface StateAt {
    /** The state after event {@code event} of the trace, or null when it cannot be known. */
    String after(int event);

    StateAt NONE = e -> null;
}
