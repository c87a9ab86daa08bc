package dev.ublklab.viz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * Chrome trace-event JSON that ui.perfetto.dev opens (viewer.md A.3): each queue is a process,
 * each tag a thread (thread 0 is the queue's own lane), io-wq workers and the backing store are two
 * more processes. Phases are complete ("X") slices on the tag threads, named by IO, phase and the
 * SQE that started them; work on the other lanes (waits, backend operations, splice rounds) are
 * async slices, as they may overlap. Every event is an instant; an event off the tag lanes is also a
 * short "X" slice on its lane's thread, so that each IO's flow (s, t..., f) can cross from its tag to
 * the worker, the queue and back: Perfetto binds flow points to the slice enclosing them. A violated
 * run gets a global instant at the violating step. Numeric fields are JSON numbers. Step traces map
 * one step to 1 us; real traces are in us from the start.
 */
public final class PerfettoExport {
    private PerfettoExport() {}

    public static void write(TimelineModel m, Writer out) throws IOException {
        double[] anchor = anchors(m);
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
                instant(g, m, e, anchor[e]);
            }
            violation(g, m);
            for (int io = 0; io < m.ioCount(); io++) {
                flow(g, m, io, anchor);
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
        for (Lane l : m.lanes()) {
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

    private static double us(TimelineModel m, double t) {
        return "step".equals(m.timeUnit()) ? t : (t - m.start()) / 1000.0;
    }

    /** "r1 transfer SPLICE": the IO, the phase and the SQE of the event that started it. */
    static String sliceName(TimelineModel m, TimelineModel.Segment sg) {
        String io = m.events().ioId(sg.io());
        String sqe = sg.event() >= 0 ? m.events().sqe(sg.event()) : null;
        return (io == null ? "" : io + " ") + sg.phase().label() + (sqe == null ? "" : " " + sqe);
    }

    private static void slices(JsonGenerator g, TimelineModel m, int lane) throws IOException {
        Lane l = m.lane(lane);
        for (int s = 0; s < m.segmentCount(lane); s++) {
            TimelineModel.Segment sg = m.segment(lane, s);
            String io = m.events().ioId(sg.io());
            if (l.kind() == Lane.Kind.TAG) {
                g.writeStartObject();
                common(g, "X", sliceName(m, sg), "phase", pid(m, l), tid(l), us(m, sg.start()));
                g.writeNumberField("dur", us(m, sg.end()) - us(m, sg.start()));
                sliceArgs(g, m, sg, io);
                g.writeEndObject();
            } else {
                for (String ph : new String[] {"b", "e"}) {
                    g.writeStartObject();
                    common(g, ph, sliceName(m, sg), l.kind().name().toLowerCase(Locale.ROOT), pid(m, l),
                            tid(l), us(m, ph.equals("b") ? sg.start() : sg.end()));
                    g.writeStringField("id", l.label() + "/" + s);
                    if (ph.equals("b")) {
                        sliceArgs(g, m, sg, io);
                    }
                    g.writeEndObject();
                }
            }
        }
    }

    private static void sliceArgs(JsonGenerator g, TimelineModel m, TimelineModel.Segment sg, String io) throws IOException {
        g.writeObjectFieldStart("args");
        if (io != null) {
            g.writeStringField("io", io);
        }
        g.writeStringField("phase", sg.phase().label());
        if (sg.event() >= 0 && m.events().sqe(sg.event()) != null) {
            g.writeStringField("sqe", m.events().sqe(sg.event()));
        }
        g.writeEndObject();
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

    /**
     * Per event, the duration (us) of its anchor slice off the tag lanes: half a step, or half the gap
     * to the lane's next event, so anchors on one thread never overlap; 0 for events on tag lanes.
     */
    private static double[] anchors(TimelineModel m) {
        int n = m.events().size();
        double[] dur = new double[n];
        int[] next = new int[m.laneCount()];
        java.util.Arrays.fill(next, -1);
        for (int e = n - 1; e >= 0; e--) {
            int lane = m.laneOfEvent(e);
            if (m.lane(lane).kind() == Lane.Kind.TAG) {
                continue;
            }
            double t = us(m, m.events().time(e));
            double gap = next[lane] < 0 ? 1 : us(m, m.events().time(next[lane])) - t;
            dur[e] = Math.max(1e-3, Math.min(0.5, gap / 2));
            next[lane] = e;
        }
        return dur;
    }

    private static void instant(JsonGenerator g, TimelineModel m, int e, double anchor) throws IOException {
        Lane l = m.lane(m.laneOfEvent(e));
        EventTable ev = m.events();
        String name = Details.shortName(m, e);
        if (anchor > 0) {
            g.writeStartObject();
            common(g, "X", name, "event", pid(m, l), tid(l), us(m, ev.time(e)));
            g.writeNumberField("dur", anchor);
            eventArgs(g, m, e);
            g.writeEndObject();
        }
        g.writeStartObject();
        common(g, "i", name, "event", pid(m, l), tid(l), us(m, ev.time(e)));
        g.writeStringField("s", "t");
        eventArgs(g, m, e);
        g.writeEndObject();
    }

    private static void eventArgs(JsonGenerator g, TimelineModel m, int e) throws IOException {
        EventTable ev = m.events();
        g.writeObjectFieldStart("args");
        g.writeNumberField("seq", ev.seq(e));
        g.writeStringField("type", ev.type(e).wire());
        if (m.ioOfEvent(e) >= 0) {
            g.writeStringField("io", ev.ioId(m.ioOfEvent(e)));
        }
        if (ev.sqe(e) != null) {
            g.writeStringField("sqe", ev.sqe(e));
        }
        List<String> facts = ev.facts(e);
        for (int k = 0; k < facts.size(); k += 2) {
            String v = facts.get(k + 1);
            if (v.matches("-?\\d{1,18}")) {
                g.writeNumberField(facts.get(k), Long.parseLong(v));
            } else {
                g.writeStringField(facts.get(k), v);
            }
        }
        g.writeEndObject();
    }

    /** A global instant where the invariant broke, with its name and explanation. */
    private static void violation(JsonGenerator g, TimelineModel m) throws IOException {
        Counterexample cx = m.counterexample();
        if (cx == null || cx.violatingEvent() < 0) {
            return;
        }
        Lane l = m.lane(m.laneOfEvent(cx.violatingEvent()));
        g.writeStartObject();
        common(g, "i", "violated: " + cx.invariant(), "violation", pid(m, l), tid(l),
                us(m, m.events().time(cx.violatingEvent())));
        g.writeStringField("s", "g");
        g.writeObjectFieldStart("args");
        g.writeStringField("invariant", cx.invariant());
        g.writeStringField("explanation", cx.explanation());
        g.writeNumberField("step", cx.step());
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * One flow per IO through every event of its story that sits in a slice: on a tag lane the phase
     * slice around the event, elsewhere the event's own anchor slice. Each point is strictly inside.
     */
    private static void flow(JsonGenerator g, TimelineModel m, int io, double[] anchor) throws IOException {
        int[] chain = m.chainOf(io);
        double[] ts = new double[chain.length];
        int[] pts = new int[chain.length];
        int n = 0;
        for (int e : chain) {
            double t = flowPoint(m, e, anchor[e]);
            if (!Double.isNaN(t)) {
                ts[n] = t;
                pts[n++] = e;
            }
        }
        for (int i = 0; i < n && n >= 2; i++) {
            Lane l = m.lane(m.laneOfEvent(pts[i]));
            g.writeStartObject();
            common(g, i == 0 ? "s" : i == n - 1 ? "f" : "t", "io " + m.events().ioId(io), "io", pid(m, l), tid(l), ts[i]);
            g.writeNumberField("id", io + 1);
            if (i == n - 1) {
                g.writeStringField("bp", "e");
            }
            g.writeEndObject();
        }
    }

    /** Where event {@code e}'s flow point goes (us), strictly inside a slice on its lane's thread; NaN if none. */
    private static double flowPoint(TimelineModel m, int e, double anchor) {
        double t = us(m, m.events().time(e));
        int lane = m.laneOfEvent(e);
        if (m.lane(lane).kind() != Lane.Kind.TAG) {
            return t + anchor / 2;
        }
        for (int s = 0; s < m.segmentCount(lane); s++) {
            TimelineModel.Segment sg = m.segment(lane, s);
            double a = us(m, sg.start()), b = us(m, sg.end());
            if (a <= t && t < b) {
                return t + Math.min(0.25, (b - t) / 2);
            }
        }
        return Double.NaN;
    }
}
