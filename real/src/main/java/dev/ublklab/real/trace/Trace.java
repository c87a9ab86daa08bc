package dev.ublklab.real.trace;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

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

    /**
     * JSON Lines in the project's trace format (docs/trace-format.md): an optional header line (the
     * real runner writes it: it knows the scenario), then one {"seq":..,"t":..,"src":"real","event":{...}}
     * per observable event, seq from 1, t in monotonic nanoseconds. Device lifecycle entries are kept in
     * memory for tests but are not part of that vocabulary, so they are not written.
     *
     * <p>The server cannot know which IO a request carries; this writer attributes each fetch to the
     * in-flight IO (submitted, not yet completed) whose byte range holds the fetched start sector, and
     * the tag's later issues to the same IO. {@code ioName} turns the client's IO number into the
     * scenario's IO id. A request the block layer merged from two IOs is attributed to the first.
     */
    public void writeJsonLines(Path file, String header, LongFunction<String> ioName) throws IOException {
        Map<Long, long[]> inFlight = new LinkedHashMap<>();       // io -> {offset, bytes}, in submit order
        Map<Integer, Long> tagIo = new HashMap<>();               // queue << 16 | tag -> io
        try (Writer w = Files.newBufferedWriter(file)) {
            if (header != null) w.write(header + "\n");
            int seq = 1;
            for (Entry e : entries()) {
                Long io = switch (e.event()) {
                    case TraceEvent.Submit s -> {
                        inFlight.put(s.io(), new long[] {s.offset(), s.bytes()});
                        yield s.io();
                    }
                    case TraceEvent.Complete c -> {
                        inFlight.remove(c.io());
                        yield c.io();
                    }
                    case TraceEvent.Fetch f -> {
                        Long found = holder(inFlight, f.startSector() << 9);
                        if (found == null) tagIo.remove(f.queue() << 16 | f.tag());
                        else tagIo.put(f.queue() << 16 | f.tag(), found);
                        yield found;
                    }
                    case TraceEvent.Transfer x -> tagIo.get(x.queue() << 16 | x.tag());
                    case TraceEvent.Cqe x -> tagIo.get(x.queue() << 16 | x.tag());
                    case TraceEvent.Commit c -> tagIo.get(c.queue() << 16 | c.tag());
                    case TraceEvent.Device d -> null;
                };
                String ev = eventJson(e.event(), io == null ? null : ioName.apply(io));
                if (ev != null) w.write("{\"seq\":" + seq++ + ",\"t\":" + e.t() + ",\"src\":\"real\",\"event\":" + ev + "}\n");
            }
        }
    }

    public void writeJsonLines(Path file) throws IOException { writeJsonLines(file, null, Long::toString); }

    private static Long holder(Map<Long, long[]> inFlight, long byteOffset) {
        for (Map.Entry<Long, long[]> e : inFlight.entrySet()) {
            long[] r = e.getValue();
            if (r[0] <= byteOffset && byteOffset < r[0] + r[1]) return e.getKey();
        }
        return null;
    }

    /**
     * The event in the trace format's words: submit {io}, fetch {queue, tag, io, op, sector, bytes},
     * issue {queue, tag, io, sqe BACKEND_READ|BACKEND_WRITE|BACKEND_FLUSH|BACKEND_DISCARD|
     * COMMIT_AND_FETCH_REQ, len, fileOff, result}, cqe {queue, tag, io, sqe, res} (zero copy),
     * complete {io, ioResult}; io is absent when unknown.
     */
    static String eventJson(TraceEvent ev, String io) {
        String ioField = io == null ? "" : ",\"io\":\"" + io + "\"";
        return switch (ev) {
            case TraceEvent.Submit s -> "{\"type\":\"submit\"" + ioField + "}";
            case TraceEvent.Fetch f -> "{\"type\":\"fetch\",\"queue\":" + f.queue() + ",\"tag\":" + f.tag() + ioField
                + ",\"op\":\"" + f.op() + "\",\"sector\":" + f.startSector() + ",\"bytes\":" + ((long) f.nrSectors() << 9) + "}";
            case TraceEvent.Transfer x -> "{\"type\":\"issue\",\"queue\":" + x.queue() + ",\"tag\":" + x.tag() + ioField
                + ",\"sqe\":\"BACKEND_" + backendOp(x.op()) + "\",\"len\":" + x.bytes() + ",\"fileOff\":" + x.offset()
                + ",\"result\":" + x.result() + "}";
            case TraceEvent.Cqe x -> "{\"type\":\"cqe\",\"queue\":" + x.queue() + ",\"tag\":" + x.tag() + ioField
                + ",\"sqe\":\"" + x.sqe() + "\",\"res\":" + x.res() + "}";
            case TraceEvent.Commit c -> "{\"type\":\"issue\",\"queue\":" + c.queue() + ",\"tag\":" + c.tag() + ioField
                + ",\"sqe\":\"COMMIT_AND_FETCH_REQ\",\"result\":" + c.result() + "}";
            case TraceEvent.Complete c -> "{\"type\":\"complete\"" + ioField + ",\"ioResult\":" + c.result() + "}";
            case TraceEvent.Device d -> null;
        };
    }

    private static String backendOp(String op) {
        return switch (op) {
            case "WRITE_ZEROES" -> "DISCARD";
            default -> op;
        };
    }
}
