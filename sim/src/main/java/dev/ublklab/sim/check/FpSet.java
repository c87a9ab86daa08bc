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
 * Not thread-safe: the checker reads it from many workers while no one writes, and writes from
 * one thread between levels.
 */
final class FpSet {
    static final double MAX_LOAD = 0.85;
    static final double GROWTH = 1.3;
    private long[] keys;
    private int[] values;
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
        int i = slot(k, keys.length);
        while (true) {
            long x = keys[i];
            if (x == k) return values[i];
            if (x == 0) return -1;
            if (++i == keys.length) i = 0;
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
        int i = slot(k, keys.length);
        while (true) {
            long x = keys[i];
            if (x == k) return false;
            if (x == 0) break;
            if (++i == keys.length) i = 0;
        }
        keys[i] = k;
        if (values != null) values[i] = value;
        size++;
        return true;
    }

    private void grow() {
        long[] old = keys;
        int[] oldValues = values;
        keys = new long[checkedCap((long) (old.length * GROWTH))];
        values = oldValues == null ? null : new int[keys.length];
        for (int j = 0; j < old.length; j++) {
            long k = old[j];
            if (k != 0) {
                int i = slot(k, keys.length);
                while (keys[i] != 0) {
                    if (++i == keys.length) i = 0;
                }
                keys[i] = k;
                if (values != null) values[i] = oldValues[j];
            }
        }
    }
}
