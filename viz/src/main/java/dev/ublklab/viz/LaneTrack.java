package dev.ublklab.viz;

import java.util.Arrays;

/**
 * What one lane holds: phase segments (in start order) and event marks (event indexes in time
 * order), as growable parallel arrays. After {@link #seal()} it answers range queries by binary
 * search; segments may overlap (a queue's waiting IOs), so the search runs on the running maximum of
 * segment ends.
 */
final class LaneTrack {
    private int segCount;
    private long[] segStart = new long[8];
    private long[] segEnd = new long[8];
    private byte[] segPhase = new byte[8];
    private int[] segIo = new int[8];
    private int[] segEvent = new int[8];
    private long[] maxEnd;
    private int markCount;
    private int[] marks = new int[8];

    int addSegment(long start, Phase phase, int io, int event) {
        if (segCount == segStart.length) {
            int n = segCount * 2;
            segStart = Arrays.copyOf(segStart, n);
            segEnd = Arrays.copyOf(segEnd, n);
            segPhase = Arrays.copyOf(segPhase, n);
            segIo = Arrays.copyOf(segIo, n);
            segEvent = Arrays.copyOf(segEvent, n);
        }
        int s = segCount++;
        segStart[s] = start;
        segEnd[s] = Long.MIN_VALUE;
        segPhase[s] = (byte) phase.ordinal();
        segIo[s] = io;
        segEvent[s] = event;
        return s;
    }

    void close(int seg, long end) {
        segEnd[seg] = Math.max(end, segStart[seg]);
    }

    boolean open(int seg) {
        return segEnd[seg] == Long.MIN_VALUE;
    }

    void addMark(int event) {
        if (markCount == marks.length) {
            marks = Arrays.copyOf(marks, markCount * 2);
        }
        marks[markCount++] = event;
    }

    /** Closes what is still open at {@code end} and builds the search index. */
    void seal(long end) {
        maxEnd = new long[segCount];
        long m = Long.MIN_VALUE;
        for (int s = 0; s < segCount; s++) {
            if (segEnd[s] == Long.MIN_VALUE) {
                segEnd[s] = Math.max(end, segStart[s]);
            }
            m = Math.max(m, segEnd[s]);
            maxEnd[s] = m;
        }
    }

    int segments() { return segCount; }
    long start(int s) { return segStart[s]; }
    long end(int s) { return segEnd[s]; }
    Phase phase(int s) { return Phase.of(segPhase[s]); }
    int io(int s) { return segIo[s]; }
    int event(int s) { return segEvent[s]; }
    int marks() { return markCount; }
    int mark(int m) { return marks[m]; }

    /** The first segment that may reach {@code t} or later: all before it end before {@code t}. */
    int firstSegmentEndingAtOrAfter(long t) {
        int lo = 0, hi = segCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (maxEnd[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The first mark whose event time is at or after {@code t}. */
    int firstMarkAtOrAfter(long t, EventTable events) {
        int lo = 0, hi = markCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (events.time(marks[mid]) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
