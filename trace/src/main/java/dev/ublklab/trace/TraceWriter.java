package dev.ublklab.trace;

import dev.ublklab.model.Fact;
import dev.ublklab.model.Facts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one trace writer (docs/trace-format.md): streams a header, event lines and an end line to
 * an {@link Appendable}, one line each, fields in a fixed order, so that equal runs give
 * byte-identical files. IOs are written by their ids: the header's, then any {@link #ioIds} adds.
 */
public final class TraceWriter {
    private final Appendable out;
    private final StringBuilder line = new StringBuilder(256);
    private final List<String> ids = new ArrayList<>();

    public TraceWriter(Appendable out) {
        this.out = out;
    }

    /** The header line; its IOs name the events' io indices. */
    public TraceWriter header(Header h) {
        line.setLength(0);
        line.append("{\"trace\":\"ublk-lab\",\"version\":1,\"src\":\"").append(h.src().wire()).append("\",\"scenario\":");
        Json.string(line, h.scenario());
        line.append(",\"variant\":");
        Json.string(line, h.variant());
        line.append(",\"seed\":").append(h.seed()).append(",\"queues\":").append(h.queues()).append(",\"depth\":")
                .append(h.depth()).append(",\"ios\":[");
        ids.clear();
        for (int i = 0; i < h.ios().size(); i++) {
            Header.IoInfo io = h.ios().get(i);
            ids.add(io.id());
            line.append(i == 0 ? "{\"id\":" : ",{\"id\":");
            Json.string(line, io.id());
            line.append(",\"op\":");
            Json.string(line, io.op());
            line.append(",\"queue\":").append(io.queue()).append(",\"sector\":").append(io.sector()).append(",\"bytes\":")
                    .append(io.bytes()).append('}');
        }
        line.append(']');
        if (h.scenarioFile() != null) {
            line.append(",\"scenarioFile\":");
            Json.string(line, h.scenarioFile());
        }
        return flush();
    }

    /** IO ids that events name beyond the header's (a trace that met them only in events). */
    public TraceWriter ioIds(List<String> all) {
        ids.clear();
        ids.addAll(all);
        return this;
    }

    /** One event line. */
    public TraceWriter entry(Entry e) {
        line.setLength(0);
        line.append("{\"seq\":").append(e.seq()).append(",\"t\":").append(e.t()).append(",\"src\":\"").append(e.src().wire())
                .append("\",\"event\":");
        event(e.event());
        return flush();
    }

    public TraceWriter entry(long seq, long t, Src src, TraceEvent event) {
        return entry(new Entry(seq, t, src, event));
    }

    private void event(TraceEvent ev) {
        line.append("{\"type\":\"").append(ev.type().wire()).append('"');
        for (EventType.Field f : ev.type().fields()) {
            int v = ev.field(f);
            if (v != TraceEvent.ABSENT) {
                line.append(",\"").append(f.wire()).append("\":");
                if (f == EventType.Field.IO) {
                    io(v);
                } else {
                    line.append(v);
                }
            }
        }
        if (!ev.type().ownsIo() && ev.io() != TraceEvent.ABSENT) {
            line.append(",\"io\":");
            io(ev.io());
        }
        Facts facts = ev.facts();
        for (int i = 0; i < facts.names().size(); i++) {
            line.append(",\"").append(facts.names().get(i).wire()).append("\":");
            Object v = facts.values().get(i);
            if (v instanceof Long l) {
                line.append(l.longValue());
            } else {
                Json.string(line, Fact.text(v));
            }
        }
        line.append('}');
    }

    private void io(int v) {
        if (v == TraceEvent.NO_IO) {
            line.append("\"-\"");
        } else if (v >= 0 && v < ids.size()) {
            Json.string(line, ids.get(v));
        } else {
            throw new IllegalArgumentException("io " + v + " is not among the trace's " + ids.size() + " IOs");
        }
    }

    /** The end line. */
    public TraceWriter end(End e) {
        line.setLength(0);
        line.append("{\"end\":{\"verdict\":\"").append(e.verdict().wire()).append('"');
        if (e.invariant() != null) {
            line.append(",\"invariant\":");
            Json.string(line, e.invariant());
        }
        if (e.explanation() != null) {
            line.append(",\"explanation\":");
            Json.string(line, e.explanation());
        }
        if (e.step() >= 0) {
            line.append(",\"step\":").append(e.step());
        }
        if (e.schedule() != null) {
            line.append(",\"schedule\":[");
            for (int i = 0; i < e.schedule().size(); i++) {
                line.append(i == 0 ? "" : ",").append(e.schedule().get(i).intValue());
            }
            line.append(']');
        }
        line.append('}');
        return flush();
    }

    private TraceWriter flush() {
        line.append("}\n");
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
