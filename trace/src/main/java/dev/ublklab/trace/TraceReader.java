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
    private final Names<EventType> types = new Names<>();
    private final Names<Src> srcs = new Names<>();
    private final Names<Sqe> sqes = new Names<>();
    private final Names<Flaw.Rule> rules = new Names<>();
    /** Fact values that are text: equal ones share one String. */
    private final Names<String> texts = new Names<>();

    static {
        for (Fact f : Fact.values()) {
            FACTS.put(f.wire(), f);
        }
    }

    private final BufferedReader in;
    private final String name;
    private final List<String> ids = new ArrayList<>();
    private final Names<Integer> index = new Names<>();
    /** The characters read from {@code in}: the current line is {@code buf[lineFrom, lineTo)}. */
    private char[] buf = new char[1 << 16];
    private int pos;
    private int lim;
    private int lineFrom;
    private int lineTo;
    private boolean eof;
    private final Json.Scan scan = new Json.Scan("");
    private Fact[] factNames = new Fact[16];
    private Object[] factValues = new Object[16];
    private Header header;
    private End end;
    private int lineNo;
    private long lastTime = Long.MIN_VALUE;
    private boolean done;

    public TraceReader(BufferedReader in, String name) {
        this.in = in;
        this.name = name;
        for (EventType t : EventType.values()) {
            types.put(t.wire(), t);
        }
        for (Src x : Src.values()) {
            srcs.put(x.wire(), x);
        }
        for (Sqe x : Sqe.values()) {
            sqes.put(x.wire(), x);
        }
        for (Flaw.Rule r : Flaw.Rule.values()) {
            rules.put(r.id(), r);
        }
    }

    /** The header line (read on first use). */
    public Header header() {
        if (header == null) {
            if (!nextLine()) {
                throw new TraceException(name + ": empty trace, no header line");
            }
            try {
                header = header(line().value());
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
        if (!nextLine()) {
            done = true;
            return null;
        }
        try {
            Json.Scan s = line();
            s.expect('{');
            String k = s.key(true);
            if ("end".equals(k)) {
                end = end(s.value());
                if (s.key(false) != null || !s.atEnd()) {
                    throw new TraceException("the end line holds more than its end object");
                }
                done = true;
                if (nextLine()) {
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

    /** The current line, in the one cursor this reader reuses. */
    private Json.Scan line() {
        return scan.reset(buf, lineFrom, lineTo);
    }

    /**
     * The next line that is not blank into {@code buf[lineFrom, lineTo)}, false at the end. Lines
     * end as {@link BufferedReader#readLine} ends them (\n, \r or \r\n); the characters are read
     * in blocks into one buffer (grown for a longer line), not a String per line.
     */
    private boolean nextLine() {
        while (true) {
            int from = pos;
            int k = from;
            while (true) {
                if (k == lim) {
                    if (eof) {
                        break;
                    }
                    int shift = fill(from);
                    from -= shift;
                    k -= shift;
                    continue;
                }
                char c = buf[k];
                if (c == '\n' || c == '\r') {
                    break;
                }
                k++;
            }
            if (k == lim && k == from) {
                return false;   // the end, and no characters since the last line
            }
            lineNo++;
            lineFrom = from;
            lineTo = k;
            pos = k;
            if (pos < lim) {
                char c = buf[pos++];
                if (c == '\r') {
                    if (pos == lim && !eof) {
                        int shift = fill(lineFrom);   // keeps the line; moves pos with it
                        lineFrom -= shift;
                        lineTo -= shift;
                    }
                    if (pos < lim && buf[pos] == '\n') {
                        pos++;
                    }
                }
            }
            if (!blank()) {
                return true;
            }
        }
    }

    private boolean blank() {
        for (int k = lineFrom; k < lineTo; k++) {
            if (!Character.isWhitespace(buf[k])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads more characters, keeping {@code buf[keep, lim)} (moved to the front, the buffer doubled
     * when it is already full of them); returns by how much positions moved.
     */
    private int fill(int keep) {
        int shift = keep;
        int n = lim - keep;
        if (n == buf.length) {
            buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        } else if (shift > 0) {
            System.arraycopy(buf, keep, buf, 0, n);
        }
        pos -= shift;
        lim = n;
        try {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                eof = true;
            } else {
                lim += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return shift;
    }

    private TraceException error(String what) {
        return new TraceException(name + ": malformed trace line " + lineNo + ": " + what);
    }

    private Entry entry(Json.Scan s, String first) {
        long seq = Long.MIN_VALUE;
        long t = Long.MIN_VALUE;
        Src src = null;
        TraceEvent ev = null;
        for (String k = first; k != null; k = s.key(false, next(k))) {
            switch (k) {
                case "seq" -> seq = s.integer();
                case "t" -> t = s.integer();
                case "src" -> {
                    src = s.name(srcs);
                    if (src == null) {
                        throw new TraceException("unknown src '" + s.lastText() + "'");
                    }
                }
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

    /** The key this codec writes after {@code k} on an event line. */
    private static String next(String k) {
        return switch (k) {
            case "seq" -> "t";
            case "t" -> "src";
            case "src" -> "event";
            default -> null;
        };
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
        int facts = 0;
        for (String k = s.key(true, "type"); k != null; k = s.key(false)) {
            switch (k) {
                case "type" -> {
                    type = s.name(types);
                    if (type == null) {
                        throw new TraceException("unknown event type '" + s.lastText() + "'");
                    }
                }
                case "queue" -> q = s.int32();
                case "tag" -> tag = s.int32();
                case "index" -> index = s.int32();
                case "worker" -> worker = s.int32();
                case "choice" -> choice = s.int32();
                case "io" -> io = io(s);
                default -> {
                    Fact f = FACTS.get(k);
                    if (f == null) {
                        throw new TraceException("unknown event field '" + k + "'");
                    }
                    if (facts == factNames.length) {
                        factNames = java.util.Arrays.copyOf(factNames, 2 * facts);
                        factValues = java.util.Arrays.copyOf(factValues, 2 * facts);
                    }
                    factNames[facts] = f;
                    factValues[facts++] = factValue(s, f);
                }
            }
        }
        if (type == null) {
            throw new TraceException("an event needs a type");
        }
        return new TraceEvent(type, q, tag, index, worker, choice, io, facts == 0 ? Facts.NONE : facts(facts));
    }

    /** The facts just read, as immutable lists (Facts keeps an immutable list as it is). */
    private Facts facts(int n) {
        Fact[] f = factNames;
        Object[] v = factValues;
        return switch (n) {
            case 1 -> new Facts(List.of(f[0]), List.of(v[0]));
            case 2 -> new Facts(List.of(f[0], f[1]), List.of(v[0], v[1]));
            case 3 -> new Facts(List.of(f[0], f[1], f[2]), List.of(v[0], v[1], v[2]));
            default -> new Facts(List.of(java.util.Arrays.copyOf(f, n)), List.of(java.util.Arrays.copyOf(v, n)));
        };
    }

    private Object factValue(Json.Scan s, Fact f) {
        if (!s.isString()) {
            return s.integer();
        }
        return switch (f) {
            case SQE -> {
                Sqe q = s.name(sqes);
                if (q == null) {
                    q = Sqe.byWire(s.lastText());   // the names of traces before the typed contract
                }
                if (q == null) {
                    throw new TraceException("unknown sqe '" + s.lastText() + "'");
                }
                yield q;
            }
            case FLAW -> {
                Flaw.Rule r = s.name(rules);
                if (r == null) {
                    throw new TraceException("unknown flaw '" + s.lastText() + "'");
                }
                yield r;
            }
            case FAULT -> {
                String n = s.name(texts);
                String t = n != null ? n : s.lastText(texts);
                try {
                    dev.ublklab.model.Fault.parse(t);   // checked here, so toModel() never meets an unknown one
                } catch (IllegalArgumentException e) {
                    throw new TraceException("unknown fault '" + t + "'");
                }
                yield t;
            }
            default -> {
                String t = s.name(texts);   // the pooled String itself, when an equal text came before
                yield t != null ? t : s.lastText(texts);
            }
        };
    }

    /** "-" is {@link TraceEvent#NO_IO}; an id the header does not list is added after its IOs. */
    private int io(Json.Scan s) {
        Integer i = s.name(index);
        if (i != null) {
            return i;
        }
        return io(s.lastText());
    }

    /** "-" is {@link TraceEvent#NO_IO}; an id the header does not list is added after its IOs. */
    private int io(String v) {
        return v.equals("-") || v.isEmpty() ? TraceEvent.NO_IO : id(v);
    }

    private int id(String v) {
        char[] cs = v.toCharArray();
        Integer i = index.get(cs, 0, cs.length, v.hashCode());
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
