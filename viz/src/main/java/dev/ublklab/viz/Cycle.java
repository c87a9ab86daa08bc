package dev.ublklab.viz;

/**
 * The cycle a run went round until its step bound: the shortest period with which the events from
 * some step on repeat to the end (compared without seq and time). A lasso written by
 * {@code check --out} replays as exactly that: its prefix, then its cycle up to the bound.
 *
 * @param start  the first event of the first full turn
 * @param period events per turn
 */
public record Cycle(int start, int period) {
    /** The cycle of a trace that ended at its step bound, or null (other verdicts, or no repetition). */
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
                return new Cycle(start, p);
            }
        }
        return null;
    }
}
