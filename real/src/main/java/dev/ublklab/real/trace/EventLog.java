package dev.ublklab.real.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe record of {@link RealEvent}s with a sequence number and monotonic time
 * (System.nanoTime since the trace began; allowed in real/, never in model/ or sim/).
 * {@link #off()} records nothing, for benchmarks. {@link RealEvents} turns the entries into trace events.
 */
public final class EventLog {
    /** One recorded event: seq orders events across threads; t is nanoseconds since the start. */
    public record Entry(long seq, long t, RealEvent event) {}

    private static final EventLog OFF = new EventLog(false);

    private final boolean on;
    private final long t0 = System.nanoTime();
    private final AtomicLong seq = new AtomicLong();
    private final List<Entry> entries = new ArrayList<>();

    private EventLog(boolean on) { this.on = on; }

    public static EventLog recording() { return new EventLog(true); }

    public static EventLog off() { return OFF; }

    public boolean isOn() { return on; }

    /**
     * Records {@code e}. The time is read under the same lock that assigns seq, so t never goes backwards
     * along seq (read before it, a daemon's commit and a client's completion on two threads once came out
     * with seq 41 at 546.8 ms and seq 42 at 544.4 ms, and the trace reader refused the whole trace).
     */
    public void emit(RealEvent e) {
        if (!on) return;
        synchronized (entries) {
            entries.add(new Entry(seq.getAndIncrement(), System.nanoTime() - t0, e));
        }
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Events of one kind, in order. */
    public <E extends RealEvent> List<E> events(Class<E> kind) {
        List<E> out = new ArrayList<>();
        for (Entry e : entries()) if (kind.isInstance(e.event())) out.add(kind.cast(e.event()));
        return out;
    }
}
