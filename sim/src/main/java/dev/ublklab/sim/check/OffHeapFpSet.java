package dev.ublklab.sim.check;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The visited set of a big run, off the Java heap: 64-bit fingerprints in buckets of eight slots,
 * one 64-byte cache line each, in one native segment ({@code java.lang.foreign}: an automatic
 * arena, freed by the GC once no table refers to it; no restricted method, so no native access).
 * Slot numbers are {@code long}, so the table can pass 2^31 slots (16 GiB) where a Java array
 * stops. Exact: the whole fingerprint is stored (no lossy hash compaction).
 *
 * <p>Probing. A fingerprint's home bucket is the high word of {@code fp * buckets} (the high bits
 * of the fingerprint: a cluster that shards states by the low bits keeps every shard's table
 * evenly filled). {@link #findOrInsert} reads the home cache line's eight slots in order and only
 * then moves to the next line, so at the usual load a lookup touches one line. 0 marks an empty
 * slot; the fingerprint 0 is stored as 1 (one more collision in 2^64).
 *
 * <p>Concurrency. {@link #findOrInsert} is lock-free: an empty slot is claimed with a
 * compare-and-set, and a lost race on that slot is a re-read of it; since nothing is ever
 * removed, the first empty slot on the probe path proves absence, so any number of workers may
 * insert and look up at once. Growing ({@link #add} past the load limit, or {@link #grow}) is not
 * concurrent with inserts: the one thread that inserts grows, and readers racing it see the old
 * table (a miss at worst, which the checker's contract allows: the merge drops what was seen).
 */
final class OffHeapFpSet {
    static final double MAX_LOAD = 0.85;
    static final double GROWTH = 1.3;
    static final int SLOTS_PER_LINE = 8;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** One table: a native segment of {@code lines} cache lines, and an optional ordinal per slot. */
    private record Table(MemorySegment keys, MemorySegment values, long lines) {
        long slots() {
            return lines * SLOTS_PER_LINE;
        }
    }

    private volatile Table table;
    private final AtomicLong size = new AtomicLong();

    OffHeapFpSet(long expected, boolean withValues) {
        table = allocate(Math.max(1024, (long) (expected / MAX_LOAD) + 1), withValues);
    }

    private static Table allocate(long slots, boolean withValues) {
        long lines = (slots + SLOTS_PER_LINE - 1) / SLOTS_PER_LINE;
        Arena arena = Arena.ofAuto();
        MemorySegment keys = arena.allocate(lines * 64, 64);
        MemorySegment values = withValues ? arena.allocate(lines * SLOTS_PER_LINE * 4, 64) : null;
        return new Table(keys, values, lines);
    }

    private static long key(long fp) {
        return fp == 0 ? 1 : fp;
    }

    long size() {
        return size.get();
    }

    long slots() {
        return table.slots();
    }

    /** Native bytes held: keys, and values while the state graph is kept. */
    long bytes() {
        Table t = table;
        return t.keys.byteSize() + (t.values == null ? 0 : t.values.byteSize());
    }

    /** Forgets the values (the state graph was dropped): back to 8 bytes per slot. */
    void dropValues() {
        Table t = table;
        table = new Table(t.keys, null, t.lines);
    }

    /**
     * The first slot on {@code k}'s probe path that holds {@code k} (as a non-negative slot
     * number) or, when none does, {@code -1 - s} where s is the first empty slot.
     */
    private static long probe(Table t, long k) {
        long line = Math.unsignedMultiplyHigh(k, t.lines);
        for (long n = 0; n < t.lines; n++) {
            long base = line * 64;
            for (int i = 0; i < SLOTS_PER_LINE; i++) {
                long x = (long) LONG.getAcquire(t.keys, base + i * 8L);
                if (x == k) {
                    return line * SLOTS_PER_LINE + i;
                }
                if (x == 0) {
                    return -1 - (line * SLOTS_PER_LINE + i);
                }
            }
            if (++line == t.lines) {
                line = 0;
            }
        }
        throw new IllegalStateException("fingerprint set full: " + t.slots() + " slots");
    }

    boolean contains(long fp) {
        return probe(table, key(fp)) >= 0;
    }

    /** The value stored with {@code fp}, or -1 (read only when no insert is running). */
    int get(long fp) {
        Table t = table;
        long s = probe(t, key(fp));
        return s < 0 ? -1 : t.values.getAtIndex(ValueLayout.JAVA_INT, s);
    }

    /** Off-heap growth takes no Java heap; a failed reservation is an OutOfMemoryError the checker reports. */
    long growthBytes() {
        return 0;
    }

    boolean needsGrowth() {
        return size.get() + 1 > table.slots() * MAX_LOAD;
    }

    /**
     * Lock-free insert into the current table, for several workers at once (no growth: callers
     * size the table, or one thread grows it between rounds). True when {@code fp} was absent and
     * is now in; false when it was there. Throws when the table is full.
     */
    boolean findOrInsert(long fp, int value) {
        Table t = table;
        long k = key(fp);
        while (true) {
            long s = probe(t, k);
            if (s >= 0) {
                return false;
            }
            long slot = -1 - s;
            if (LONG.compareAndSet(t.keys, slot * 8, 0L, k)) {
                if (t.values != null) {
                    t.values.setAtIndex(ValueLayout.JAVA_INT, slot, value);
                }
                size.incrementAndGet();
                return true;
            }
            // Another worker took that slot first: probe again from the home line; the slot now
            // holds either k (found) or another key (keep going).
        }
    }

    /** Adds {@code fp} from the one inserting thread, growing first when the load limit is reached. */
    boolean add(long fp, int value) {
        if (needsGrowth()) {
            grow();
        }
        return findOrInsert(fp, value);
    }

    /** Moves every key (and value) to a table {@link #GROWTH} times larger. Not concurrent with inserts. */
    void grow() {
        Table old = table;
        Table t = allocate((long) (old.slots() * GROWTH), old.values != null);
        for (long s = 0; s < old.slots(); s++) {
            long k = old.keys.getAtIndex(ValueLayout.JAVA_LONG, s);
            if (k != 0) {
                long to = -1 - probe(t, k);
                t.keys.setAtIndex(ValueLayout.JAVA_LONG, to, k);
                if (t.values != null) {
                    t.values.setAtIndex(ValueLayout.JAVA_INT, to, old.values.getAtIndex(ValueLayout.JAVA_INT, s));
                }
            }
        }
        table = t;
    }

    /**
     * TLC's optimistic estimate of the chance that two distinct states shared a fingerprint and one
     * was wrongly taken as seen: n states among m generated, n * (m - n) / 2^64.
     */
    static double collisionProbability(long distinct, long generated) {
        return distinct * (double) Math.max(0, generated - distinct) / 0x1p64;
    }
}
