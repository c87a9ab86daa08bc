package dev.ublklab.real.trace;

import dev.ublklab.model.Fact;
import dev.ublklab.model.Facts;
import dev.ublklab.model.Sqe;
import dev.ublklab.trace.EventType;
import dev.ublklab.trace.Header;
import dev.ublklab.trace.Src;
import dev.ublklab.trace.Tag;
import dev.ublklab.trace.TraceWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The recorder's entries as events of the trace contract ({@code dev.ublklab.trace}), each naming
 * its IO by the one {@link Attribution} rule: submit, fetch, issue (COMMIT_AND_FETCH_REQ and the
 * copy paths' BACKEND_* transfers), cqe (zero copy), complete. Device lifecycle entries are not
 * in that vocabulary and are not converted.
 */
public final class RealEvents {
    private RealEvents() {}

    /** One observable event with its time (monotonic nanoseconds). */
    public record Line(long t, dev.ublklab.trace.TraceEvent event) {}

    private static final int A = dev.ublklab.trace.TraceEvent.ABSENT;

    /** {@code entries} converted; {@code zeroCopy}: the server's Transfer summaries are left out (its CQEs say it). */
    public static List<Line> convert(List<Attribution.Io> ios, List<EventLog.Entry> entries, boolean zeroCopy) {
        Attribution who = new Attribution(ios);
        List<Line> out = new ArrayList<>();
        for (EventLog.Entry e : entries) {
            dev.ublklab.trace.TraceEvent ev = switch (e.event()) {
                case RealEvent.Submit s -> {
                    who.submitted((int) s.io());
                    yield event(EventType.SUBMIT, A, A, (int) s.io(), Facts.NONE);
                }
                case RealEvent.Complete c -> {
                    who.completed((int) c.io());
                    yield event(EventType.COMPLETE, A, A, (int) c.io(), Facts.NONE.and(Fact.IO_RESULT, c.result()));
                }
                case RealEvent.Fetch f -> event(EventType.FETCH, f.queue(), f.tag(),
                        who.fetched(new Tag(f.queue(), f.tag()), f.op(), f.startSector()),
                        Facts.NONE.and(Fact.OP, f.op()).and(Fact.SECTOR, f.startSector()).and(Fact.BYTES, (long) f.nrSectors() << 9));
                case RealEvent.Commit c -> event(EventType.ISSUE, c.queue(), c.tag(), who.on(new Tag(c.queue(), c.tag())),
                        Facts.NONE.and(Fact.SQE, Sqe.COMMIT_AND_FETCH_REQ).and(Fact.RESULT, c.result()));
                // zero copy: the server's CQEs say what it did; its per-request summary is not written
                case RealEvent.Transfer x -> zeroCopy ? null : event(EventType.ISSUE, x.queue(), x.tag(),
                        who.on(new Tag(x.queue(), x.tag())), Facts.NONE.and(Fact.SQE, backend(x.op())).and(Fact.LEN, x.bytes())
                                .and(Fact.FILE_OFF, x.offset()).and(Fact.RESULT, x.result()));
                case RealEvent.Cqe x -> event(EventType.CQE, x.queue(), x.tag(), who.on(new Tag(x.queue(), x.tag())),
                        Facts.NONE.and(Fact.SQE, sqe(x.sqe())).and(Fact.RES, x.res()));
                case RealEvent.Device d -> null;
            };
            if (ev != null) out.add(new Line(e.t(), ev));
        }
        return out;
    }

    private static dev.ublklab.trace.TraceEvent event(EventType type, int q, int tag, int io, Facts f) {
        return new dev.ublklab.trace.TraceEvent(type, q, tag, A, A, A, io < 0 ? A : io, f);
    }

    /** The backend SQE of a real transfer (a RAM target's WRITE_ZEROES is the model's DISCARD). */
    private static Sqe backend(String op) {
        return switch (op) {
            case "READ" -> Sqe.BACKEND_READ;
            case "WRITE" -> Sqe.BACKEND_WRITE;
            case "FLUSH" -> Sqe.BACKEND_FLUSH;
            case "DISCARD", "WRITE_ZEROES" -> Sqe.BACKEND_DISCARD;
            default -> throw new IllegalArgumentException("no backend SQE for op " + op);
        };
    }

    private static Sqe sqe(String name) {
        Sqe s = Sqe.byWire(name);
        if (s == null) throw new IllegalArgumentException("unknown SQE " + name);
        return s;
    }

    /**
     * A recording without a scenario (a device test, the standalone server) as JSON Lines: the
     * IOs are the client's own, named by their numbers; the header names {@code name}.
     */
    public static String unscripted(String name, List<EventLog.Entry> entries) {
        List<Attribution.Io> ios = new ArrayList<>();
        for (EventLog.Entry e : entries) {
            if (e.event() instanceof RealEvent.Submit s) {
                while (ios.size() <= s.io()) ios.add(new Attribution.Io(Long.toString(ios.size()), "?", -1, 0));
                ios.set((int) s.io(), new Attribution.Io(Long.toString(s.io()), s.op(), s.offset() / 512, s.bytes()));
            }
        }
        List<Line> lines = convert(ios, entries, false);
        int queues = 1;
        int depth = 1;
        for (Line l : lines) {
            queues = Math.max(queues, l.event().queue() + 1);
            depth = Math.max(depth, l.event().tag() + 1);
        }
        List<Header.IoInfo> infos = new ArrayList<>();
        for (Attribution.Io io : ios) infos.add(new Header.IoInfo(io.id(), io.op(), 0, Math.max(0, io.sector()), io.bytes()));
        StringBuilder sb = new StringBuilder();
        TraceWriter w = new TraceWriter(sb).header(new Header(Src.REAL, name, "", 0, queues, depth, infos, null));
        long seq = 1;
        for (Line l : lines) w.entry(seq++, l.t(), Src.REAL, l.event());
        return sb.toString();
    }
}
