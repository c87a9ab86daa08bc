package dev.ublklab.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ublklab.model.Fact;
import dev.ublklab.model.Facts;
import dev.ublklab.model.Flaw;
import dev.ublklab.model.Sqe;
import dev.ublklab.trace.Entry;
import dev.ublklab.trace.EventType;
import dev.ublklab.trace.Header;
import dev.ublklab.trace.Src;
import dev.ublklab.trace.TraceEvent;
import dev.ublklab.trace.TraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench trace}: the project's trace reader ({@link TraceReader}) against a Jackson baseline
 * on the same generated 1,000,000-event trace, in one JVM, rounds interleaved. The baseline is
 * what the viewer's reader was before the trace contract (one Jackson streaming parser over the
 * file's bytes), here building the very same header IOs and {@link Entry} objects, so that the two
 * differ only in how they parse. It checks nothing a reader must (no errors are named, the
 * header's other fields and the end line are skipped): it is a lower bound for a Jackson reader,
 * not a second reader, and nothing but this benchmark uses it.
 */
final class TraceReadBench {
    private static final JsonFactory JSON = new JsonFactory();

    private TraceReadBench() {}

    static void run(Path file, int rounds, PrintStream out) throws IOException {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] ours = new long[rounds];
        long[] jackson = new long[rounds];
        long n0 = 0;
        long n1 = 0;
        for (int r = -1; r < rounds; r++) {   // round -1 warms both up
            long c0 = cpu.getCurrentThreadCpuTime();
            n0 = ours(file);
            long c1 = cpu.getCurrentThreadCpuTime();
            n1 = jackson(file);
            long c2 = cpu.getCurrentThreadCpuTime();
            if (r >= 0) {
                ours[r] = c1 - c0;
                jackson[r] = c2 - c1;
                out.printf(Locale.ROOT, "round %d: TraceReader %.0f ms cpu, Jackson baseline %.0f ms cpu%n", r + 1, (c1 - c0) / 1e6,
                        (c2 - c1) / 1e6);
            }
        }
        if (n0 != n1) {
            throw new IllegalStateException("the readers disagree: " + n0 + " and " + n1 + " entries");
        }
        double a = median(ours) / 1e6;
        double b = median(jackson) / 1e6;
        double amin = Arrays.stream(ours).min().orElseThrow() / 1e6;
        double bmin = Arrays.stream(jackson).min().orElseThrow() / 1e6;
        out.printf(Locale.ROOT, "%,d events, %d rounds: TraceReader median %.0f ms cpu (best %.0f), Jackson baseline median %.0f ms cpu"
                + " (best %.0f); TraceReader/Jackson %.2f by medians, %.2f by bests (target <= 1.00)%n", n0, rounds, a, amin, b, bmin,
                a / b, amin / bmin);
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    /** Reads every entry with the project's reader; the number of events (a checksum of sorts). */
    private static long ours(Path file) throws IOException {
        long n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            TraceReader r = new TraceReader(in, file.toString());
            r.header();
            for (Entry e = r.next(); e != null; e = r.next()) {
                n += e.seq() == 0 ? 0 : 1;
            }
        }
        return n;
    }

    /** The baseline: one streaming parser over the bytes, event lines into the same typed entries. */
    private static long jackson(Path file) throws IOException {
        Map<String, EventType> types = new HashMap<>();
        for (EventType t : EventType.values()) {
            types.put(t.wire(), t);
        }
        Map<String, Fact> facts = new HashMap<>();
        for (Fact f : Fact.values()) {
            facts.put(f.wire(), f);
        }
        Map<String, Integer> ids = new HashMap<>();
        long n = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            JsonToken tok;
            while ((tok = p.nextToken()) != null) {
                if (tok != JsonToken.START_OBJECT) {
                    continue;
                }
                if (p.nextToken() != JsonToken.FIELD_NAME || !"seq".equals(p.currentName())) {
                    if ("trace".equals(p.currentName())) {
                        n += header(p, ids);
                    } else {
                        skipRest(p);   // the end line
                    }
                    continue;
                }
                p.nextToken();
                long seq = p.getLongValue();
                p.nextToken();
                p.nextToken();
                long t = p.getLongValue();
                Src src = null;
                TraceEvent ev = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    p.nextToken();
                    if (k.equals("src")) {
                        src = Src.byWire(p.getText());
                    } else {
                        ev = event(p, types, facts, ids);
                    }
                }
                n += new Entry(seq, t, src, ev).seq() == 0 ? 0 : 1;
            }
        }
        return n;
    }

    /** The header's IOs, as the reader keeps them, their ids numbered; 0 (for the count of events). */
    private static long header(JsonParser p, Map<String, Integer> ids) throws IOException {
        List<Header.IoInfo> ios = new ArrayList<>();
        do {
            String k = p.currentName();
            JsonToken v = p.nextToken();
            if (k.equals("ios") && v == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    String id = null;
                    String op = "?";
                    long queue = 0;
                    long sector = 0;
                    long bytes = 0;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        switch (f) {
                            case "id" -> id = p.getText();
                            case "op" -> op = p.getText();
                            case "queue" -> queue = p.getLongValue();
                            case "sector" -> sector = p.getLongValue();
                            case "bytes" -> bytes = p.getLongValue();
                            default -> p.skipChildren();
                        }
                    }
                    ios.add(new Header.IoInfo(id, op, (int) queue, sector, bytes));
                    ids.putIfAbsent(id, ids.size());
                }
            } else {
                p.skipChildren();
            }
        } while (p.nextToken() == JsonToken.FIELD_NAME);
        headerIos = ios.size();   // kept, so that the JIT cannot drop the list
        return 0;
    }

    /** The baseline's header IOs of the last round. */
    private static volatile int headerIos;

    private static void skipRest(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                p.nextToken();
                p.skipChildren();
            }
        }
    }

    private static TraceEvent event(JsonParser p, Map<String, EventType> types, Map<String, Fact> factsByWire,
            Map<String, Integer> ids) throws IOException {
        int a = TraceEvent.ABSENT;
        int q = a, tag = a, index = a, worker = a, choice = a, io = a;
        EventType type = null;
        List<Fact> names = null;
        List<Object> values = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();   // Jackson canonicalises field names
            JsonToken v = p.nextToken();
            switch (k) {
                case "type" -> type = types.get(p.getText());
                case "queue" -> q = p.getIntValue();
                case "tag" -> tag = p.getIntValue();
                case "index" -> index = p.getIntValue();
                case "worker" -> worker = p.getIntValue();
                case "choice" -> choice = p.getIntValue();
                case "io" -> io = ids.computeIfAbsent(p.getText(), x -> ids.size());
                default -> {
                    Fact f = factsByWire.get(k);
                    if (names == null) {
                        names = new ArrayList<>(4);
                        values = new ArrayList<>(4);
                    }
                    names.add(f);
                    values.add(v == JsonToken.VALUE_STRING ? factText(f, p.getText()) : (Object) p.getLongValue());
                }
            }
        }
        return new TraceEvent(type, q, tag, index, worker, choice, io,
                names == null ? Facts.NONE : new Facts(List.of(names.toArray(Fact[]::new)), List.of(values.toArray())));
    }

    private static Object factText(Fact f, String v) {
        return switch (f) {
            case SQE -> Sqe.byWire(v);
            case FLAW -> Arrays.stream(Flaw.Rule.values()).filter(r -> r.id().equals(v)).findFirst().orElseThrow();
            default -> v;
        };
    }
}
