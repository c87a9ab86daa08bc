package dev.ublklab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * What a step did beyond its name: results, completions, warnings. An ordered list of name/value
 * pairs (values are Long or String) that traces append to the event.
 */
public record Facts(List<String> names, List<Object> values) {
    public static final Facts NONE = new Facts(List.of(), List.of());

    public Facts {
        names = List.copyOf(names);
        values = List.copyOf(values);
    }

    public Facts and(String name, long value) {
        return add(name, value);
    }

    public Facts and(String name, String value) {
        return add(name, value);
    }

    private Facts add(String name, Object value) {
        List<String> n = new ArrayList<>(names);
        List<Object> v = new ArrayList<>(values);
        n.add(name);
        v.add(value);
        return new Facts(n, v);
    }

    /** The value named {@code name}, or null. */
    public Object get(String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : values.get(i);
    }

    public Facts merge(Facts other) {
        if (other.names.isEmpty()) {
            return this;
        }
        List<String> n = new ArrayList<>(names);
        List<Object> v = new ArrayList<>(values);
        n.addAll(other.names);
        v.addAll(other.values);
        return new Facts(n, v);
    }
}
