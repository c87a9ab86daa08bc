package dev.ublklab.sim.check;

import dev.ublklab.model.Event;
import java.util.List;

/**
 * A concrete run from the initial state: its events and, for each, the index of that event in
 * {@code Model.enabled} of the state it was taken in. Replaying the schedule with
 * {@code enabled(w).get(i)} and {@code step} reproduces the run exactly.
 */
public record Counterexample(List<Event> events, List<Integer> schedule) {
    public static final Counterexample EMPTY = new Counterexample(List.of(), List.of());

    public Counterexample {
        events = List.copyOf(events);
        schedule = List.copyOf(schedule);
        if (events.size() != schedule.size()) {
            throw new IllegalArgumentException("one choice per event");
        }
    }

    public int size() {
        return events.size();
    }
}
