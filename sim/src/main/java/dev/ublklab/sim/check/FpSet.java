package dev.ublklab.sim.check;

/**
 * The visited set of a big run: fingerprints in one primitive long array, open addressing with
 * linear probing (TLC's fingerprint set, in memory). 0 marks an empty slot, so the fingerprint 0 is
 * stored as 1 (one more collision in 2^64). The slot of a fingerprint is the high word of
 * {@code fp * capacity}, so capacity need not be a power of two and the table can grow by 30%
 * instead of doubling: it stays between 65% and 85% full, 9.4 to 12.3 bytes per state. Linear
 * probing at 85% costs about 22 probes for a miss, in consecutive cache lines, which is small
 * next to one model step.
 *
 * <p>Optionally keeps an int per slot (the state's ordinal) for the state graph of small spaces.
 *
 * <p><b>Concurrency contract: one writer, racing readers.</b> Only one thread calls {@link #add}
 * (the level merge), and it may do so while workers call {@link #contains} on the same set (the
 * merge of a level overlaps the expansion of its later chunks). A reader may miss a fingerprint
 * the writer is adding at that moment, or one moved by a concurrent {@link #grow}; that is safe
 * because a reader only uses {@code contains} to skip states already seen: a miss makes the worker
 * hand the state to the merge, whose own {@code add} finds it and drops it. A reader never sees a
 * fingerprint that was not added: slots hold whole longs (HotSpot writes an aligned long at once),
 * and {@link #grow} fills the new table before it publishes it through the volatile {@code keys},
 * so a reader sees either the old table (complete, still valid) or the new one, filled.
 * {@link #get} and {@link #dropValues} are for the writer's thread only.
 */
final class FpSet {
    static final double MAX_LOAD = 0.85;
    static final double GROWTH = 1.3;
    /** Volatile: {@link #grow} publishes a filled table; readers load it once per lookup. */
    private volatile long[] keys;
    private int[] values;

    /** Forgets the values (the state graph was dropped): back to 8 bytes per slot. */
    void dropValues() {
        values = null;
    }
    private long size;

    FpSet(long expected, boolean withValues) {
        long cap = Math.max(1024, (long) (expected / MAX_LOAD) + 1);
        keys = new long[checkedCap(cap)];
        values = withValues ? new int[keys.length] : null;
    }

    private static int checkedCap(long cap) {
        if (cap > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("fingerprint set cannot grow past " + cap + " slots");
        }
        return (int) cap;
    }

    private static long key(long fp) {
        return fp == 0 ? 1 : fp;
    }

    private static int slot(long k, int cap) {
        return (int) Math.unsignedMultiplyHigh(k, cap);
    }

    long size() {
        return size;
    }

    long bytes() {
        return keys.length * 8L + (values == null ? 0 : values.length * 4L);
    }

    boolean contains(long fp) {
        long k = key(fp);
        long[] t = keys;
        int i = slot(k, t.length);
        while (true) {
            long x = t[i];
            if (x == k) return true;
            if (x == 0) return false;
            if (++i == t.length) i = 0;
        }
    }

    /** The value stored with {@code fp}, or -1. */
    int get(long fp) {
        long k = key(fp);
        long[] t = keys;
        int i = slot(k, t.length);
        while (true) {
            long x = t[i];
            if (x == k) return values[i];
            if (x == 0) return -1;
            if (++i == t.length) i = 0;
        }
    }

    /** Bytes the next growth would allocate (the old table stays alive while it is copied). */
    long growthBytes() {
        return needsGrowth() ? (long) (keys.length * GROWTH) * (values == null ? 8 : 12) : 0;
    }

    boolean needsGrowth() {
        return size + 1 > keys.length * MAX_LOAD;
    }

    /** Adds {@code fp}; false when it was there already. */
    boolean add(long fp, int value) {
        if (needsGrowth()) {
            grow();
        }
        long k = key(fp);
        long[] t = keys;
        int i = slot(k, t.length);
        while (true) {
            long x = t[i];
            if (x == k) return false;
            if (x == 0) break;
            if (++i == t.length) i = 0;
        }
        if (values != null) values[i] = value;
        t[i] = k;   // the key last: a reader that sees it may read its value
        size++;
        return true;
    }

    /** Rehashes into a table 30% larger, filled before it is published (see the class comment). */
    private void grow() {
        long[] old = keys;
        int[] oldValues = values;
        long[] next = new long[checkedCap((long) (old.length * GROWTH))];
        int[] nextValues = oldValues == null ? null : new int[next.length];
        for (int j = 0; j < old.length; j++) {
            long k = old[j];
            if (k != 0) {
                int i = slot(k, next.length);
                while (next[i] != 0) {
                    if (++i == next.length) i = 0;
                }
                next[i] = k;
                if (nextValues != null) nextValues[i] = oldValues[j];
            }
        }
        values = nextValues;
        keys = next;
    }
}
