package dev.ublklab.viz;

import java.util.Arrays;

/**
 * Level of detail: turns one lane's segments and marks in a viewport into at most one primitive
 * per pixel column (runs of equal columns are merged into one rectangle). Never walks more than
 * one segment or mark per column: inside a column it jumps ahead by binary search. This keeps a
 * frame's draw calls bounded by lanes x width whatever the trace size (viewer.md pitfall 9).
 */
public final class Lod {
    private Lod() {}

    /** Merged columns of one lane: [x0, x1) in plot-local pixels, phase, IO (-1 if mixed), dense. */
    public record Runs(int count, int[] x0, int[] x1, byte[] phase, int[] io, boolean[] dense) {
        public Phase phaseAt(int r) {
            return Phase.of(phase[r]);
        }
    }

    /** Visible marks of one lane: column, the first event in that column and how many there are. */
    public record Marks(int count, int[] x, int[] event, int[] many) {}

    /** The segment runs of {@code lane}. */
    public static Runs runs(TimelineModel m, int lane, Viewport vp) {
        LaneTrack tr = m.track(lane);
        int w = vp.width();
        byte[] colPhase = new byte[w];
        int[] colIo = new int[w];
        int[] colCount = new int[w];
        int s = tr.firstSegmentEndingAtOrAfter((long) Math.floor(vp.t0()));
        while (s < tr.segments() && tr.start(s) < vp.t1()) {
            int a = clamp((int) Math.floor(vp.x(tr.start(s))), w);
            int b = clamp((int) Math.ceil(vp.x(tr.end(s))), w + 1);
            b = Math.max(b, a + 1);
            if (tr.end(s) >= vp.t0() && b > 0) {
                for (int c = Math.max(0, a); c < b && c < w; c++) {
                    paint(colPhase, colIo, colCount, c, tr.phase(s), tr.io(s));
                }
            }
            // Skip the segments that end before the next column: they are inside this one.
            int next = tr.firstSegmentEndingAtOrAfter((long) Math.ceil(vp.t(b)));
            if (next > s + 1 && b - 1 >= 0 && b - 1 < w) {
                colCount[b - 1] += next - s - 1;
                colIo[b - 1] = -1;
            }
            s = Math.max(next, s + 1);
        }
        return merge(colPhase, colIo, colCount);
    }

    private static void paint(byte[] phase, int[] io, int[] count, int c, Phase p, int segIo) {
        if (count[c] == 0) {
            io[c] = segIo;
        } else if (io[c] != segIo) {
            io[c] = -1;
        }
        phase[c] = (byte) p.ordinal();
        count[c]++;
    }

    /**
     * Merges columns into runs: sparse columns merge when phase and IO agree; neighbouring dense
     * columns (more than one segment each) merge into one density strip coloured by the phase most
     * of its columns show, so a zoomed-out lane costs a handful of rectangles, not one per column.
     */
    private static Runs merge(byte[] colPhase, int[] colIo, int[] colCount) {
        int w = colPhase.length;
        int[] x0 = new int[w], x1 = new int[w], io = new int[w];
        byte[] ph = new byte[w];
        boolean[] dense = new boolean[w];
        int[] votes = new int[Phase.values().length];
        int n = 0;
        for (int c = 0; c < w; c++) {
            if (colCount[c] == 0) {
                continue;
            }
            boolean d = colCount[c] > 1;
            boolean contiguous = n > 0 && x1[n - 1] == c && dense[n - 1] == d;
            if (contiguous && (d || (ph[n - 1] == colPhase[c] && io[n - 1] == colIo[c]))) {
                x1[n - 1] = c + 1;
                votes[colPhase[c]]++;
                io[n - 1] = io[n - 1] == colIo[c] ? io[n - 1] : -1;
                ph[n - 1] = d ? (byte) majority(votes) : ph[n - 1];
                continue;
            }
            java.util.Arrays.fill(votes, 0);
            votes[colPhase[c]]++;
            x0[n] = c;
            x1[n] = c + 1;
            ph[n] = colPhase[c];
            io[n] = colIo[c];
            dense[n] = d;
            n++;
        }
        return new Runs(n, Arrays.copyOf(x0, n), Arrays.copyOf(x1, n), Arrays.copyOf(ph, n),
                Arrays.copyOf(io, n), Arrays.copyOf(dense, n));
    }

    private static int majority(int[] votes) {
        int best = 0;
        for (int i = 1; i < votes.length; i++) {
            if (votes[i] > votes[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int clamp(int v, int max) {
        return Math.max(-1, Math.min(v, max));
    }

    /** The marks of {@code lane}: one per column at most. */
    public static Marks marks(TimelineModel m, int lane, Viewport vp) {
        LaneTrack tr = m.track(lane);
        EventTable ev = m.events();
        int w = vp.width();
        int[] xs = new int[Math.min(w, tr.marks())], first = new int[xs.length], many = new int[xs.length];
        int n = 0;
        int i = tr.firstMarkAtOrAfter((long) Math.ceil(vp.t0()), ev);
        while (i < tr.marks() && n < xs.length) {
            long t = ev.time(tr.mark(i));
            if (t >= vp.t1()) {
                break;
            }
            int col = (int) Math.floor(vp.x(t));
            int next = Math.max(i + 1, tr.firstMarkAtOrAfter((long) Math.ceil(vp.t(col + 1)), ev));
            xs[n] = col;
            first[n] = tr.mark(i);
            many[n] = next - i;
            n++;
            i = next;
        }
        return new Marks(n, Arrays.copyOf(xs, n), Arrays.copyOf(first, n), Arrays.copyOf(many, n));
    }

    /**
     * The event under plot-local pixel {@code x} of {@code lane}: the nearest mark within
     * {@code slop} pixels, else the event that started the segment under {@code x}; -1 if none.
     */
    public static int pick(TimelineModel m, int lane, Viewport vp, double x, double slop) {
        LaneTrack tr = m.track(lane);
        EventTable ev = m.events();
        int best = -1;
        double bestDist = slop;
        for (int i = tr.firstMarkAtOrAfter((long) Math.floor(vp.t(x - slop)), ev); i < tr.marks(); i++) {
            double mx = vp.x(ev.time(tr.mark(i)));
            if (mx > x + slop) {
                break;
            }
            double d = Math.abs(mx - x);
            if (d <= bestDist) {
                best = tr.mark(i);
                bestDist = d;
                if (d == 0 && best >= 0) {
                    break;
                }
            }
        }
        if (best >= 0) {
            return best;
        }
        double t = vp.t(x);
        for (int s = tr.firstSegmentEndingAtOrAfter((long) Math.floor(t)); s < tr.segments() && tr.start(s) <= t; s++) {
            if (tr.end(s) >= t) {
                best = tr.event(s);
            }
        }
        return best;
    }
}
