package dev.ublklab.real.trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe record of {@link TraceEvent}s with a sequence number and monotonic time
 * (System.nanoTime since the trace began; allowed in real/, never in model/ or sim/).
 * {@link #off()} records nothing, for benchmarks.
 */
public final class Trace {
    /** One recorded event: seq orders events across threads; t is nanoseconds since the start. */
    public record Entry(long seq, long t, TraceEvent event) {}

    private static final Trace OFF = new Trace(false);

    private final boolean on;
    private final long t0 = System.nanoTime();
    private final AtomicLong seq = new AtomicLong();
    private final List<Entry> entries = new ArrayList<>();

    private Trace(boolean on) { this.on = on; }

    public static Trace recording() { return new Trace(true); }

    public static Trace off() { return OFF; }

    public boolean isOn() { return on; }

    public void emit(TraceEvent e) {
        if (!on) return;
        long t = System.nanoTime() - t0;
        synchronized (entries) {
            entries.add(new Entry(seq.getAndIncrement(), t, e));
        }
    }

    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** Events of one kind, in order. */
    public <E extends TraceEvent> List<E> events(Class<E> kind) {
        List<E> out = new ArrayList<>();
        for (Entry e : entries()) if (kind.isInstance(e.event())) out.add(kind.cast(e.event()));
        return out;
    }

    /** JSON Lines, one {"seq":..,"t":..,"src":"real","event":{...}} per entry. */
    public void writeJsonLines(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            for (Entry e : entries()) w.write(json(e) + "\n");
        }
    }

    static String json(Entry e) {
        return "{\"seq\":" + e.seq() + ",\"t\":" + e.t() + ",\"src\":\"real\",\"event\":" + eventJson(e.event()) + "}";
    }

    private static String eventJson(TraceEvent ev) {
        return switch (ev) {
            case TraceEvent.Submit s -> "{\"type\":\"submit\",\"io\":" + s.io() + ",\"op\":\"" + s.op() + "\",\"offset\":"
                + s.offset() + ",\"bytes\":" + s.bytes() + ",\"segments\":" + s.segments() + "}";
            case TraceEvent.Fetch f -> "{\"type\":\"fetch\",\"queue\":" + f.queue() + ",\"tag\":" + f.tag() + ",\"op\":\""
                + f.op() + "\",\"start_sector\":" + f.startSector() + ",\"nr_sectors\":" + f.nrSectors() + "}";
            case TraceEvent.Transfer x -> "{\"type\":\"transfer\",\"queue\":" + x.queue() + ",\"tag\":" + x.tag()
                + ",\"op\":\"" + x.op() + "\",\"offset\":" + x.offset() + ",\"bytes\":" + x.bytes() + ",\"result\":"
                + x.result() + "}";
            case TraceEvent.Commit c -> "{\"type\":\"commit\",\"queue\":" + c.queue() + ",\"tag\":" + c.tag()
                + ",\"result\":" + c.result() + "}";
            case TraceEvent.Complete c -> "{\"type\":\"complete\",\"io\":" + c.io() + ",\"result\":" + c.result() + "}";
            case TraceEvent.Device d -> "{\"type\":\"device\",\"dev_id\":" + d.devId() + ",\"what\":\"" + d.what() + "\"}";
        };
    }
}
