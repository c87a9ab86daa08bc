package dev.ublklab.viz;

import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

/**
 * A violated run, read from the trace's end line: the invariant, its explanation, the violating
 * step and the events the violation names (the violating event, events carrying a {@code flaw}
 * fact for the invariant, and the events of IOs the explanation names, up to the violating step).
 */
public record Counterexample(String invariant, String explanation, long step, int violatingEvent,
                             BitSet namedEvents) {

    /** The counterexample of {@code m}'s trace, or null when it did not end in a violation. */
    static Counterexample of(TimelineModel m) {
        TraceData.End end = m.trace().end();
        if (end == null || !end.violated()) {
            return null;
        }
        EventTable ev = m.events();
        int violating = findStep(m, end.step());
        Set<String> words = new HashSet<>();
        String explanation = end.explanation() == null ? "" : end.explanation();
        // The simulator's explanation ends in "at step N"; the banner says the step itself.
        String suffix = " at step " + end.step();
        if (explanation.endsWith(suffix)) {
            explanation = explanation.substring(0, explanation.length() - suffix.length());
        }
        for (String w : explanation.split("[^A-Za-z0-9_-]+")) {
            words.add(w);
        }
        BitSet named = new BitSet(ev.size());
        int last = violating >= 0 ? violating : ev.size() - 1;
        for (int e = 0; e <= last; e++) {
            int io = m.ioOfEvent(e);
            String flaw = ev.fact(e, "flaw");
            if ((flaw != null && (end.invariant() == null || flaw.equals(end.invariant())))
                    || (io >= 0 && words.contains(ev.ioId(io)))) {
                named.set(e);
            }
        }
        if (violating >= 0) {
            named.set(violating);
        }
        return new Counterexample(end.invariant() == null ? end.verdict() : end.invariant(), explanation,
                end.step(), violating, named);
    }

    /** The event of step {@code step}: by t for step-time traces, else by seq; -1 if none. */
    private static int findStep(TimelineModel m, long step) {
        EventTable ev = m.events();
        if (step < 0) {
            return -1;
        }
        boolean byTime = m.trace().header().stepTime();
        for (int e = 0; e < ev.size(); e++) {
            if ((byTime ? ev.time(e) : ev.seq(e)) == step) {
                return e;
            }
        }
        for (int e = 0; e < ev.size(); e++) {
            if (ev.seq(e) == step) {
                return e;
            }
        }
        return -1;
    }
}
