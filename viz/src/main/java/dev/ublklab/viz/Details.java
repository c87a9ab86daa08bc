package dev.ublklab.viz;

import java.util.List;

/** Text about one event for the details pane, the step list and diff summaries. */
public final class Details {
    private Details() {}

    /** "seq 7 t=7 issue q0 tag1 w1 COMMIT_AND_FETCH_REQ". */
    public static String oneLine(TimelineModel m, int e) {
        EventTable ev = m.events();
        StringBuilder b = new StringBuilder();
        b.append("#").append(ev.seq(e)).append(" t=").append(ev.time(e)).append(' ').append(ev.type(e).wire());
        if (ev.queue(e) >= 0) {
            b.append(" q").append(ev.queue(e));
        }
        if (ev.tag(e) >= 0) {
            b.append(" tag").append(ev.tag(e));
        }
        if (ev.index(e) >= 0) {
            b.append(" index").append(ev.index(e));
        }
        if (ev.worker(e) >= 0) {
            b.append(" worker").append(ev.worker(e));
        }
        int io = m.ioOfEvent(e);
        if (io >= 0) {
            b.append(' ').append(ev.ioId(io));
        }
        if (ev.sqe(e) != null) {
            b.append(' ').append(ev.sqe(e));
        }
        return b.toString();
    }

    /** "spliceConsume r1" or "issue r1 SPLICE": the event's type, its IO and its SQE, for names and labels. */
    public static String shortName(TimelineModel m, int e) {
        EventTable ev = m.events();
        int io = m.ioOfEvent(e);
        return ev.type(e).wire() + (io >= 0 ? " " + ev.ioId(io) : "") + (ev.sqe(e) != null ? " " + ev.sqe(e) : "");
    }

    /** Every field of event {@code e}, one per line, then what the viewer derived from it. */
    public static String describe(TimelineModel m, int e) {
        EventTable ev = m.events();
        StringBuilder b = new StringBuilder();
        b.append("seq: ").append(ev.seq(e)).append('\n');
        b.append("t: ").append(ev.time(e)).append(' ').append(m.timeUnit()).append('\n');
        b.append("type: ").append(ev.type(e).wire()).append('\n');
        field(b, "queue", ev.queue(e));
        field(b, "tag", ev.tag(e));
        field(b, "index", ev.index(e));
        field(b, "worker", ev.worker(e));
        if (ev.io(e) >= 0) {
            b.append("io: ").append(ev.ioId(ev.io(e))).append('\n');
        }
        if (ev.sqe(e) != null) {
            b.append("sqe: ").append(ev.sqe(e)).append('\n');
        }
        List<String> facts = ev.facts(e);
        for (int k = 0; k < facts.size(); k += 2) {
            b.append(facts.get(k)).append(": ").append(facts.get(k + 1)).append('\n');
        }
        b.append("--\nlane: ").append(m.lane(m.laneOfEvent(e)).label()).append('\n');
        int io = m.ioOfEvent(e);
        if (io >= 0) {
            b.append("request of: ").append(ev.ioId(io)).append(ioInfo(m, io))
             .append(m.ioActedOn(e) ? " (acted on: this event type has no io of its own)" : "").append('\n');
        }
        Phase p = m.phaseOfEvent(e);
        if (p != null) {
            b.append("starts phase: ").append(p.label()).append('\n');
        }
        return b.toString();
    }

    private static String ioInfo(TimelineModel m, int io) {
        List<TraceData.IoInfo> ios = m.trace().header().ios();
        if (io >= ios.size()) {
            return "";
        }
        TraceData.IoInfo i = ios.get(io);
        return " (" + i.op() + " q" + i.queue() + " sector " + i.sector() + ", " + i.bytes() + " bytes)";
    }

    private static void field(StringBuilder b, String name, int v) {
        if (v >= 0) {
            b.append(name).append(": ").append(v).append('\n');
        }
    }
}
