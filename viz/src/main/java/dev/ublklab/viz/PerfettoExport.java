package dev.ublklab.viz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Chrome trace-event JSON that ui.perfetto.dev opens (viewer.md A.3): each queue is a process,
 * each tag a thread (thread 0 is the queue's own lane), phases are complete ("X") slices on the
 * tag threads, work on the other lanes (waits, backend operations, splice rounds) are async slices as they may overlap, every event is an instant and
 * each IO is one flow through the slices its events started. io-wq workers and the backing store
 * are two more processes. Step traces map one step to 1 us; real traces are in us from the start.
 */
public final class PerfettoExport {
    private PerfettoExport() {}

    public static void write(TimelineModel m, Writer out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ns");
            g.writeObjectFieldStart("otherData");
            g.writeStringField("scenario", m.trace().header().scenario());
            g.writeStringField("timeUnit", "step".equals(m.timeUnit()) ? "1 step = 1 us" : "us");
            g.writeEndObject();
            g.writeArrayFieldStart("traceEvents");
            names(g, m);
            for (int lane = 0; lane < m.laneCount(); lane++) {
                slices(g, m, lane);
            }
            for (int e = 0; e < m.events().size(); e++) {
                instant(g, m, e);
            }
            for (int io = 0; io < m.ioCount(); io++) {
                flow(g, m, io);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static int pid(TimelineModel m, Lane l) {
        int queues = m.trace().header().queues();
        int maxQueue = 0;
        for (Lane x : m.lanes()) {
            maxQueue = Math.max(maxQueue, x.queue() + 1);
        }
        int base = Math.max(queues, maxQueue);
        return switch (l.kind()) {
            case QUEUE, TAG -> l.queue() + 1;
            case WORKER -> base + 1;
            case BACKING -> base + 2;
        };
    }

    private static int tid(Lane l) {
        return switch (l.kind()) {
            case QUEUE, BACKING -> 0;
            case TAG, WORKER -> l.key() + 1;
        };
    }

    private static void names(JsonGenerator g, TimelineModel m) throws IOException {
        List<Lane> lanes = m.lanes();
        for (Lane l : lanes) {
            if (l.kind() == Lane.Kind.QUEUE || (l.kind() != Lane.Kind.TAG && tid(l) <= 1)) {
                String name = switch (l.kind()) {
                    case QUEUE -> "queue " + l.queue();
                    case WORKER -> "io-wq";
                    case BACKING -> "backing";
                    case TAG -> "";
                };
                meta(g, "process_name", pid(m, l), 0, name);
            }
            meta(g, "thread_name", pid(m, l), tid(l), l.label());
        }
    }

    private static void meta(JsonGenerator g, String what, int pid, int tid, String name) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", "M");
        g.writeStringField("name", what);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        g.writeStringField("name", name);
        g.writeEndObject();
        g.writeEndObject();
    }

    private static double us(TimelineModel m, long t) {
        return "step".equals(m.timeUnit()) ? t : (t - m.start()) / 1000.0;
    }

    private static void slices(JsonGenerator g, TimelineModel m, int lane) throws IOException {
        Lane l = m.lane(lane);
        for (int s = 0; s < m.segmentCount(lane); s++) {
            TimelineModel.Segment sg = m.segment(lane, s);
            String io = m.events().ioId(sg.io());
            if (l.kind() == Lane.Kind.TAG) {
                g.writeStartObject();
                common(g, "X", sg.phase().label(), "phase", pid(m, l), tid(l), us(m, sg.start()));
                g.writeNumberField("dur", us(m, sg.end()) - us(m, sg.start()));
                g.writeObjectFieldStart("args");
                g.writeStringField("io", io);
                g.writeEndObject();
                g.writeEndObject();
            } else {
                for (String ph : new String[] {"b", "e"}) {
                    g.writeStartObject();
                    common(g, ph, sg.phase().label(), l.kind().name().toLowerCase(java.util.Locale.ROOT), pid(m, l),
                            tid(l), us(m, ph.equals("b") ? sg.start() : sg.end()));
                    g.writeStringField("id", l.label() + "/" + s);
                    g.writeEndObject();
                }
            }
        }
    }

    private static void common(JsonGenerator g, String ph, String name, String cat, int pid, int tid, double ts)
            throws IOException {
        g.writeStringField("ph", ph);
        g.writeStringField("name", name);
        g.writeStringField("cat", cat);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeNumberField("ts", ts);
    }

    private static void instant(JsonGenerator g, TimelineModel m, int e) throws IOException {
        Lane l = m.lane(m.laneOfEvent(e));
        EventTable ev = m.events();
        g.writeStartObject();
        common(g, "i", ev.type(e).wire(), "event", pid(m, l), tid(l), us(m, ev.time(e)));
        g.writeStringField("s", "t");
        g.writeObjectFieldStart("args");
        g.writeNumberField("seq", ev.seq(e));
        if (m.ioOfEvent(e) >= 0) {
            g.writeStringField("io", ev.ioId(m.ioOfEvent(e)));
        }
        if (ev.sqe(e) != null) {
            g.writeStringField("sqe", ev.sqe(e));
        }
        List<String> facts = ev.facts(e);
        for (int k = 0; k < facts.size(); k += 2) {
            g.writeStringField(facts.get(k), facts.get(k + 1));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** One flow per IO through the tag slices its events started: s, t..., f (bound to the enclosing slice). */
    private static void flow(JsonGenerator g, TimelineModel m, int io) throws IOException {
        int[] chain = m.chainOf(io);
        int[] steps = new int[chain.length];
        int n = 0;
        for (int e : chain) {
            int[] seg = m.segmentOfEvent(e);
            if (seg != null && m.lane(seg[0]).kind() == Lane.Kind.TAG) {
                steps[n++] = e;
            }
        }
        if (n < 2) {
            return;
        }
        for (int i = 0; i < n; i++) {
            int[] seg = m.segmentOfEvent(steps[i]);
            Lane l = m.lane(seg[0]);
            TimelineModel.Segment sg = m.segment(seg[0], seg[1]);
            // Inside the slice, not on its edge, where the previous slice ends: binding is unambiguous.
            double ts = (us(m, sg.start()) + us(m, sg.end())) / 2;
            g.writeStartObject();
            common(g, i == 0 ? "s" : i == n - 1 ? "f" : "t", "io " + m.events().ioId(io), "io", pid(m, l), tid(l), ts);
            g.writeNumberField("id", io + 1);
            if (i == n - 1) {
                g.writeStringField("bp", "e");
            }
            g.writeEndObject();
        }
    }
}
