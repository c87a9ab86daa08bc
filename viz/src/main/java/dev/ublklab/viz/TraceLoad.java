package dev.ublklab.viz;

import dev.ublklab.model.Fact;
import dev.ublklab.model.Facts;
import dev.ublklab.trace.End;
import dev.ublklab.trace.Entry;
import dev.ublklab.trace.Header;
import dev.ublklab.trace.TraceEvent;
import dev.ublklab.trace.TraceException;
import dev.ublklab.trace.TraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace in the viewer's shape ({@link TraceData}): read by the one reader of
 * {@code dev.ublklab.trace}, or handed over in memory ({@link #of(Header, List, End)}) by a
 * command that has just run the model. Every problem becomes a one-line {@link VizException}.
 */
public final class TraceLoad {
    private final EventTable events;
    private final Map<String, String> interned = new HashMap<>();
    private final Map<String, Integer> byId = new HashMap<>();
    private final List<String> ids;
    private int known;

    private TraceLoad(List<String> ioIds) {
        this.events = new EventTable(ioIds);
        this.ids = ioIds;
        this.known = ioIds.size();
    }

    /** Reads a whole trace file. */
    public static TraceData read(Path file) {
        return read(file, null, e -> { });
    }

    /**
     * Reads a whole trace file in one pass; {@code header} (may be null) sees the header first,
     * {@code tap} every entry as it is read (a caller that rebuilds model states from the same pass).
     */
    public static TraceData read(Path file, java.util.function.Consumer<Header> header, java.util.function.Consumer<Entry> tap) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file.toString(), in, header, tap);
        } catch (NoSuchFileException e) {
            throw new VizException("trace file not found: " + file);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new VizException("cannot read trace " + file + ": " + e.getMessage());
        }
    }

    /** Reads a trace from a reader named {@code name} in messages (tests, the diff view). */
    public static TraceData read(String name, BufferedReader in) {
        return read(name, in, null, e -> { });
    }

    private static TraceData read(String name, BufferedReader in, java.util.function.Consumer<Header> header,
                                  java.util.function.Consumer<Entry> tap) {
        try {
            TraceReader r = new TraceReader(in, name);
            Header h = r.header();
            if (header != null) {
                header.accept(h);
            }
            TraceLoad l = new TraceLoad(r.ioIds());
            for (Entry e = r.next(); e != null; e = r.next()) {
                l.add(e, r.ioIds());
                tap.accept(e);
            }
            return new TraceData(header(h), l.events, end(r.end()));
        } catch (TraceException e) {
            throw new VizException(e.getMessage());
        }
    }

    /** A run held in memory, as the one writer would have written it. */
    public static TraceData of(Header h, List<Entry> entries, End end) {
        List<String> ids = new ArrayList<>();
        for (Header.IoInfo io : h.ios()) {
            ids.add(io.id());
        }
        TraceLoad l = new TraceLoad(ids);
        for (Entry e : entries) {
            l.add(e, ids);
        }
        return new TraceData(header(h), l.events, end(end));
    }

    private void add(Entry e, List<String> ioIds) {
        if (ioIds.size() != known) {   // an id met only in events: the reader added it
            for (int i = known; i < ioIds.size(); i++) {
                events.addIoId(ioIds.get(i));
            }
            known = ioIds.size();
            byId.clear();
        }
        TraceEvent ev = e.event();
        Facts f = ev.facts();
        int completed = -1;
        String sqe = null;
        int n = f.names().size() - (f.get(Fact.SQE) != null ? 1 : 0);
        String[] facts = n == 0 ? null : new String[2 * n];
        for (int i = 0, k = 0; i < f.names().size(); i++) {
            Fact name = f.names().get(i);
            Object raw = f.values().get(i);
            String v = raw instanceof Long l ? Long.toString(l) : intern(Fact.text(raw));   // numbers vary: not interned
            if (name == Fact.SQE && sqe == null) {   // the sqe has its own column
                sqe = v;
                continue;
            }
            if (name == Fact.COMPLETED) {
                completed = index(v);
            }
            facts[k++] = name.wire();
            facts[k++] = v;
        }
        events.add(e.seq(), e.t(), EventType.ofWire(ev.type().wire()), or(ev.queue()), or(ev.tag()), ev.io() < 0 ? -1 : ev.io(),
                or(ev.index()), or(ev.worker()), completed, sqe, facts);
    }

    private int index(String id) {
        if (byId.isEmpty()) {
            for (int i = 0; i < ids.size(); i++) {
                byId.put(ids.get(i), i);
            }
        }
        Integer i = byId.get(id);
        return i == null ? -1 : i;
    }

    private static int or(int v) {
        return v == TraceEvent.ABSENT ? -1 : v;
    }

    private String intern(String s) {
        String prev = interned.putIfAbsent(s, s);
        return prev == null ? s : prev;
    }

    private static TraceData.Header header(Header h) {
        List<TraceData.IoInfo> ios = new ArrayList<>();
        for (Header.IoInfo io : h.ios()) {
            ios.add(new TraceData.IoInfo(io.id(), io.op(), io.queue(), io.sector(), io.bytes()));
        }
        return new TraceData.Header(h.src().wire(), h.scenario(), h.variant(), h.seed(), Math.max(1, h.queues()),
                Math.max(1, h.depth()), ios, h.scenarioFile(), null);
    }

    private static TraceData.End end(End e) {
        if (e == null) {
            return null;
        }
        return new TraceData.End(e.verdict().wire(), e.invariant(), e.explanation(), e.step(),
                e.schedule() == null ? List.of() : e.schedule());
    }
}
