package dev.ublklab.real.replay;

import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.real.trace.Attribution;
import dev.ublklab.real.trace.RealEvents;
import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.trace.RealEvent;
import dev.ublklab.sim.Conformance;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.SimTrace;
import dev.ublklab.trace.End;
import dev.ublklab.trace.Entry;
import dev.ublklab.trace.Header;
import dev.ublklab.trace.Observation;
import dev.ublklab.trace.Src;
import dev.ublklab.trace.TraceReader;
import dev.ublklab.trace.TraceWriter;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded real run in the trace contract ({@code dev.ublklab.trace}): the recorder's entries
 * become trace events, each naming its IO by the one {@link Attribution} rule; {@link #observations()}
 * come from those events by the same rule as the model's ({@link Observation#of}); the one writer
 * and reader carry them to a file and back. Src "real", t in monotonic nanoseconds.
 */
public final class RealTrace {
    private final List<String> ids;
    private final List<RealEvents.Line> lines;
    private final int before;

    private RealTrace(List<String> ids, List<RealEvents.Line> lines, int before) {
        this.ids = List.copyOf(ids);
        this.lines = List.copyOf(lines);
        this.before = before;
    }

    public List<RealEvents.Line> lines() { return lines; }

    /** Requests served before the client's first submit (the kernel's partition scan): not in the trace. */
    public int requestsBefore() { return before; }

    /** A setup's IOs as the client submits them. */
    static List<Attribution.Io> ios(Setup setup) {
        List<Attribution.Io> out = new ArrayList<>();
        for (IoSpec s : setup.ios()) out.add(new Attribution.Io(s.id(), s.op().name(), s.sector(), s.bytes()));
        return out;
    }

    /**
     * Converts recorded entries; IO numbers in Submit/Complete are indices into the setup's IOs. The
     * trace starts at the client's first submit: what the device served before (START_DEV's partition
     * scan reads sector 0 and a few more) is the kernel's, not the scenario's, and is only counted.
     */
    public static RealTrace of(Setup setup, List<EventLog.Entry> entries) {
        boolean zeroCopy = setup.config().variant() == dev.ublklab.model.Variant.ZERO_COPY;
        List<Attribution.Io> ios = ios(setup);
        int first = 0;
        while (first < entries.size() && !(entries.get(first).event() instanceof RealEvent.Submit)) first++;
        int before = 0;
        for (EventLog.Entry e : entries.subList(0, first)) if (e.event() instanceof RealEvent.Fetch) before++;
        List<String> ids = new ArrayList<>();
        for (Attribution.Io io : ios) ids.add(io.id());
        return new RealTrace(ids, RealEvents.convert(ios, entries.subList(first, entries.size()), zeroCopy), before);
    }

    /** Reads a trace this class wrote back, so that a trace recorded in the guest is judged on the host. */
    public static RealTrace read(Setup setup, String jsonl, int before) {
        TraceReader r = new TraceReader(new BufferedReader(new StringReader(jsonl)), "real trace");
        r.header();
        List<RealEvents.Line> lines = new ArrayList<>();
        for (Entry e = r.next(); e != null; e = r.next()) lines.add(new RealEvents.Line(e.t(), e.event()));
        return new RealTrace(r.ioIds(), lines, before);
    }

    /** The observations Conformance compares, in order (server transfers are not among them). */
    public List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        for (RealEvents.Line l : lines) out.addAll(Observation.of(l.event(), ids));
        return out;
    }

    /** The whole trace as JSON Lines: header (like the simulator's, src "real"), events, end when judged. */
    public String jsonLines(Scenario scenario, Conformance.Match verdict) {
        return jsonLines(SimTrace.header(scenario, Src.REAL, scenario.seed()), verdict);
    }

    private String jsonLines(Header h, Conformance.Match verdict) {
        StringBuilder sb = new StringBuilder();
        TraceWriter w = new TraceWriter(sb).header(h).ioIds(ids);
        int seq = 1;
        for (RealEvents.Line l : lines) w.entry(seq++, l.t(), Src.REAL, l.event());
        if (verdict != null) {
            w.end(new End(verdict.verdict(), verdict.conforms() ? null : "model-conformance", verdict.reason(),
                verdict.conforms() ? lines.size() : verdict.failedAt() + 1, null));
        }
        return sb.toString();
    }
}
