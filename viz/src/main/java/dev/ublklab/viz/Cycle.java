package dev.ublklab.viz;

/**
 * The cycle a run went round until its step bound (or, for a checker's livelock trace, the lasso it
 * wrote: its prefix, then its cycle once). With the run's model states ({@link #ofStates}) it is the
 * checker's lasso: the first state from which the states repeat with the shortest period, compared
 * as {@code check} closes a cycle (raw fingerprints), so the prefix and the cycle are the ones
 * {@code check} prints ("after 7 steps, a cycle of 8 steps"). Without them ({@link #of}) only the
 * events can be compared (without seq and time), which may find an earlier repeat than the states
 * have (an event's name does not show its request's generation or the server's progress).
 *
 * @param start   the first event of the first full turn (= the steps of the prefix)
 * @param period  events per turn
 * @param byState whether model states were compared (else events)
 */
public record Cycle(int start, int period, boolean byState) {
    /** The cycle of a trace that ended at its step bound, by its events, or null (other verdicts, or no repetition). */
    static Cycle of(TimelineModel m) {
        TraceData.End end = m.trace().end();
        if (end == null || !"limit".equals(end.verdict())) {
            return null;
        }
        int n = m.events().size();
        String[] sig = new String[n];
        for (int e = 0; e < n; e++) {
            sig[e] = Details.oneLine(m, e).replaceFirst("^#\\d+ t=\\d+ ", "");
        }
        for (int p = 1; p <= n / 3; p++) {
            int start = n - p;
            while (start > 0 && sig[start - 1].equals(sig[start - 1 + p])) {
                start--;
            }
            if (n - start >= 3 * p) {   // at least three turns: a cycle, not a coincidence
                return new Cycle(start, p, false);
            }
        }
        return null;
    }

    /**
     * The cycle by model states: {@code fp[i]} is the state after {@code i} events ({@code fp[0]} the
     * initial one). A run that hit its step bound: the shortest period whose states repeat, from the
     * first state that does, for at least three turns. A checker's livelock trace (prefix, then the
     * cycle once): the first state the last one comes back to. Null when the states show no cycle.
     */
    static Cycle ofStates(TimelineModel m, long[] fp) {
        TraceData.End end = m.trace().end();
        int n = m.events().size();
        if (end == null || fp == null || fp.length != n + 1) {
            return null;
        }
        if ("livelock".equals(end.verdict())) {
            for (int i = 0; i < n; i++) {
                if (fp[i] == fp[n]) {
                    return new Cycle(i, n - i, true);
                }
            }
            return null;
        }
        if (!"limit".equals(end.verdict())) {
            return null;
        }
        for (int p = 1; p <= n / 3; p++) {
            int start = n - p;   // a state index: fp[j] == fp[j + p] for every j from start on
            if (fp[start] != fp[n]) {
                continue;
            }
            while (start > 0 && fp[start - 1] == fp[start - 1 + p]) {
                start--;
            }
            if (n - start >= 3 * p) {
                return new Cycle(start, p, true);
            }
        }
        return null;
    }
}
