package dev.ublklab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What a step did beyond its name: results, completions, warnings. An ordered list of
 * {@link Fact}/value pairs that traces append to the event. Values are Long, String, {@link Sqe}
 * (for {@link Fact#SQE}) or {@link Flaw.Rule} (for {@link Fact#FLAW}).
 */
public record Facts(List<Fact> names, List<Object> values) {
    public static final Facts NONE = new Facts(List.of(), List.of());

    public Facts {
        names = List.copyOf(names);
        values = List.copyOf(values);
        assert names.size() == values.size() : names.size() + " fact names for " + values.size() + " values";
    }

    public Facts and(Fact name, long value) {
        return add(name, value);
    }

    public Facts and(Fact name, String value) {
        return add(name, value);
    }

    public Facts and(Fact name, Sqe value) {
        return add(name, value);
    }

    public Facts and(Fact name, Flaw.Rule value) {
        return add(name, value);
    }

    private Facts add(Fact name, Object value) {
        List<Fact> n = new ArrayList<>(names);
        List<Object> v = new ArrayList<>(values);
        n.add(name);
        v.add(value);
        return new Facts(n, v);
    }

    /** The value of {@code name}, or null. */
    public Object get(Fact name) {
        int i = names.indexOf(name);
        return i < 0 ? null : values.get(i);
    }

    /** Whether the step ended a request (it has a {@link Fact#COMPLETED} fact): what liveness follows. */
    public boolean ended() {
        return names.contains(Fact.COMPLETED);
    }

    public Facts merge(Facts other) {
        if (other.names.isEmpty()) {
            return this;
        }
        List<Fact> n = new ArrayList<>(names);
        List<Object> v = new ArrayList<>(values);
        n.addAll(other.names);
        v.addAll(other.values);
        return new Facts(n, v);
    }
}
