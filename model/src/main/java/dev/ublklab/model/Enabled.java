package dev.ublklab.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The list {@link Model#enabled} returns: events in canonical order, where the AllocTag events
 * of one IO (one per free tag under tag policy {@code any}) are kept as one run, a free-tag bit
 * set, and made only when asked for. A random walk asks for one event of each list, and a state
 * with many submitted IOs offers each of them every free tag. Immutable once returned.
 */
final class Enabled extends AbstractList<Event> implements RandomAccess {
    /** Per entry: an Event, or an AllocRun. */
    private Object[] entries;
    /** Per entry: the list index of its first event. */
    private int[] starts;
    private int count;
    private int size;
    private final Event.AllocTag[][] allocs;

    /** AllocTag events of {@code io} for every tag set in {@code free}. */
    private record AllocRun(int io, long free) {}

    Enabled(int capacity, Event.AllocTag[][] allocs) {
        entries = new Object[Math.max(8, capacity)];
        starts = new int[entries.length];
        this.allocs = allocs;
    }

    private void append(Object entry, int n) {
        if (count == entries.length) {
            entries = Arrays.copyOf(entries, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
        }
        entries[count] = entry;
        starts[count++] = size;
        size += n;
    }

    @Override
    public boolean add(Event e) {
        append(e, 1);
        modCount++;
        return true;
    }

    /** One AllocTag(io, its queue, t) for every tag t set in {@code free}, in increasing t. */
    void addAllocs(int io, long free) {
        if (free != 0) {
            append(new AllocRun(io, free), Long.bitCount(free));
            modCount++;
        }
    }

    @Override
    public Event get(int index) {
        java.util.Objects.checkIndex(index, size);
        int lo = 0;
        int hi = count - 1;
        while (lo < hi) {   // the last entry that starts at or before index
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Object x = entries[lo];
        if (x instanceof AllocRun r) {
            long f = r.free();
            for (int k = index - starts[lo]; k > 0; k--) {
                f &= f - 1;
            }
            return allocs[r.io()][Long.numberOfTrailingZeros(f)];
        }
        return (Event) x;
    }

    /** How many entries (events and runs) it holds: a capacity hint for the next list. */
    int entryCount() {
        return count;
    }

    @Override
    public int size() {
        return size;
    }
}
