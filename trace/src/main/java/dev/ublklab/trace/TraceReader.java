package dev.ublklab.trace;

import dev.ublklab.model.Fact;
import dev.ublklab.model.Facts;
import dev.ublklab.model.Flaw;
import dev.ublklab.model.Sqe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one trace reader (docs/trace-format.md): streams a JSON Lines trace line by line. Read the
 * {@link #header()}, then {@link #next()} until it returns null, then the optional {@link #end()}.
 * Every problem is a one-line {@link TraceException} naming the trace and the line. Event lines
 * are scanned straight into their fields (no tree per line), so a million events read quickly.
 */
public final class TraceReader {
    private static final Map<String, Fact> FACTS = new HashMap<>();

    static {
        for (Fact f : Fact.values()) {
            FACTS.put(f.wire(), f);
        }
    }

    private final BufferedReader in;
    private final String name;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private Header header;
    private End end;
    private int lineNo;
    private long lastTime = Long.MIN_VALUE;
    private boolean done;

    public TraceReader(BufferedReader in, String name) {
        this.in = in;
        this.name = name;
    }

    /** The header line (read on first use). */
    public Header header() {
        if (header == null) {
            String l = nextLine();
            if (l == null) {
                throw new TraceException(name + ": empty trace, no header line");
            }
            try {
                header = header(new Json.Scan(l).value());
            } catch (TraceException e) {
                throw error(e.getMessage());
            }
            for (Header.IoInfo io : header.ios()) {
                id(io.id());
            }
        }
        return header;
    }

    /** The next event, or null after the last one (then {@link #end()} holds the end line, if any). */
    public Entry next() {
        header();
        if (done) {
            return null;
        }
        String l = nextLine();
        if (l == null) {
            done = true;
            return null;
        }
        try {
            Json.Scan s = new Json.Scan(l);
            s.expect('{');
            String k = s.key(true);
            if ("end".equals(k)) {
                end = end(s.value());
                if (s.key(false) != null || !s.atEnd()) {
                    throw new TraceException("the end line holds more than its end object");
                }
                done = true;
                if (nextLine() != null) {
                    throw error("content after the end line");
                }
                return null;
            }
            return entry(s, k);
        } catch (TraceException e) {
            throw e.getMessage().startsWith(name + ": ") ? e : error(e.getMessage());
        }
    }

    /** The end line, or null when the trace has none (read it after {@link #next()} returned null). */
    public End end() {
        return end;
    }

    /**
     * Every IO id: the header's, then those met only in events, in order; an event's io indexes
     * this list. A read-only view that grows as events name new ids.
     */
    public List<String> ioIds() {
        return java.util.Collections.unmodifiableList(ids);
    }

    private String nextLine() {
        try {
            String l;
            do {
                l = in.readLine();
                lineNo++;
            } while (l != null && l.isBlank());
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TraceException error(String what) {
        return new TraceException(name + ": malformed trace line " + lineNo + ": " + what);
    }

    private Entry entry(Json.Scan s, String first) {
        long seq = Long.MIN_VALUE;
        long t = Long.MIN_VALUE;
        Src src = null;
        TraceEvent ev = null;
        for (String k = first; k != null; k = s.key(false)) {
            switch (k) {
                case "seq" -> seq = s.integer();
                case "t" -> t = s.integer();
                case "src" -> src = src(s.string());
                case "event" -> {
                    if (seq == Long.MIN_VALUE || t == Long.MIN_VALUE) {
                        throw new TraceException("an event line needs seq, t, then the event object");
                    }
                    ev = event(s);
                }
                default -> throw new TraceException("unknown field '" + k + "'");
            }
        }
        if (ev == null) {
            throw new TraceException("an event line needs seq, t and event");
        }
        if (t < lastTime) {
            throw new TraceException("time goes backwards (" + t + " < " + lastTime + ")");
        }
        lastTime = t;
        return new Entry(seq, t, src != null ? src : header.src(), ev);
    }

    private static Src src(String w) {
        Src s = Src.byWire(w);
        if (s == null) {
            throw new TraceException("unknown src '" + w + "'");
        }
        return s;
    }

    private TraceEvent event(Json.Scan s) {
        s.expect('{');
        int a = TraceEvent.ABSENT;
        int q = a, tag = a, index = a, worker = a, choice = a, io = a;
        EventType type = null;
        List<Fact> names = null;
        List<Object> values = null;
        for (String k = s.key(true); k != null; k = s.key(false)) {
            switch (k) {
                case "type" -> {
                    String w = s.string();
                    type = EventType.byWire(w);
                    if (type == null) {
                        throw new TraceException("unknown event type '" + w + "'");
                    }
                }
                case "queue" -> q = s.int32();
                case "tag" -> tag = s.int32();
                case "index" -> index = s.int32();
                case "worker" -> worker = s.int32();
                case "choice" -> choice = s.int32();
                case "io" -> io = io(s.string());
                default -> {
                    Fact f = FACTS.get(k);
                    if (f == null) {
                        throw new TraceException("unknown event field '" + k + "'");
                    }
                    if (names == null) {
                        names = new ArrayList<>(4);
                        values = new ArrayList<>(4);
                    }
                    names.add(f);
                    values.add(factValue(s, f));
                }
            }
        }
        if (type == null) {
            throw new TraceException("an event needs a type");
        }
        // List.of copies once; Facts' own List.copyOf keeps an immutable list as it is
        return new TraceEvent(type, q, tag, index, worker, choice, io,
                names == null ? Facts.NONE : new Facts(List.of(names.toArray(Fact[]::new)), List.of(values.toArray())));
    }

    private static Object factValue(Json.Scan s, Fact f) {
        if (!s.isString()) {
            return s.integer();
        }
        String v = s.string();
        return switch (f) {
            case SQE -> {
                Sqe q = Sqe.byWire(v);
                if (q == null) {
                    throw new TraceException("unknown sqe '" + v + "'");
                }
                yield q;
            }
            case FLAW -> {
                for (Flaw.Rule r : Flaw.Rule.values()) {
                    if (r.id().equals(v)) {
                        yield r;
                    }
                }
                throw new TraceException("unknown flaw '" + v + "'");
            }
            default -> v;
        };
    }

    /** "-" is {@link TraceEvent#NO_IO}; an id the header does not list is added after its IOs. */
    private int io(String v) {
        return v.equals("-") || v.isEmpty() ? TraceEvent.NO_IO : id(v);
    }

    private int id(String v) {
        Integer i = index.get(v);
        if (i == null) {
            i = ids.size();
            ids.add(v);
            index.put(v, i);
        }
        return i;
    }

    private static Header header(Object o) {
        if (!(o instanceof Map<?, ?> h) || !"ublk-lab".equals(h.get("trace"))) {
            throw new TraceException("the first line is not a ublk-lab trace header");
        }
        if (!Long.valueOf(1).equals(h.get("version"))) {
            throw new TraceException("unsupported trace version " + h.get("version"));
        }
        List<Header.IoInfo> ios = new ArrayList<>();
        if (h.get("ios") instanceof List<?> l) {
            for (Object x : l) {
                if (!(x instanceof Map<?, ?> io) || !(io.get("id") instanceof String id)) {
                    throw new TraceException("an io of the header needs a text id");
                }
                ios.add(new Header.IoInfo(id, text(io, "op", "?"), (int) num(io, "queue", 0), num(io, "sector", 0),
                        num(io, "bytes", 0)));
            }
        }
        Src src = src(requireText(h, "src"));
        return new Header(src, text(h, "scenario", ""), text(h, "variant", ""), num(h, "seed", 0), (int) num(h, "queues", 1),
                (int) num(h, "depth", 1), ios, text(h, "scenarioFile", null));
    }

    private static End end(Object o) {
        if (!(o instanceof Map<?, ?> e)) {
            throw new TraceException("the end line needs an object");
        }
        Verdict v = Verdict.byWire(requireText(e, "verdict"));
        if (v == null) {
            throw new TraceException("unknown verdict '" + e.get("verdict") + "'");
        }
        List<Integer> schedule = null;
        if (e.get("schedule") instanceof List<?> l) {
            schedule = new ArrayList<>();
            for (Object c : l) {
                if (!(c instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
                    throw new TraceException("a schedule holds choice indices");
                }
                schedule.add(n.intValue());
            }
        }
        return new End(v, text(e, "invariant", null), text(e, "explanation", null), num(e, "step", -1), schedule);
    }

    private static String requireText(Map<?, ?> m, String field) {
        if (!(m.get(field) instanceof String s)) {
            throw new TraceException("missing text field '" + field + "'");
        }
        return s;
    }

    private static String text(Map<?, ?> m, String field, String dflt) {
        Object v = m.get(field);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw new TraceException("field '" + field + "' must be text");
        }
        return s;
    }

    private static long num(Map<?, ?> m, String field, long dflt) {
        Object v = m.get(field);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Long l)) {
            throw new TraceException("field '" + field + "' must be a number");
        }
        return l;
    }
}
