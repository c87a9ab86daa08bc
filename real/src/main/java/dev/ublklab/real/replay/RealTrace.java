package dev.ublklab.real.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ublklab.model.Setup;
import dev.ublklab.real.trace.Trace;
import dev.ublklab.real.trace.TraceEvent;
import dev.ublklab.real.ublk.Request;
import dev.ublklab.sim.Conformance;
import dev.ublklab.sim.Observation;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.TraceCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recorded real run in the project's words (docs/trace-format.md): {@link #observations()} for
 * {@link Conformance}, and JSON Lines with src "real" and t in monotonic nanoseconds. Each fetch is
 * attributed to the scenario IO the server matched it to (same rule as {@link ScenarioHandler}), and
 * the tag's later issues to that IO.
 */
public final class RealTrace {
    /** One observable event: its time, the observation, and the IO it belongs to (null: unknown). */
    public record Line(long t, Observation obs, String io, TraceEvent raw) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Setup setup;
    private final List<Line> lines;
    private final int before;

    private RealTrace(Setup setup, List<Line> lines, int before) {
        this.setup = setup;
        this.lines = List.copyOf(lines);
        this.before = before;
    }

    public List<Line> lines() { return lines; }

    /** Requests served before the client's first submit (the kernel's partition scan): not in the trace. */
    public int requestsBefore() { return before; }

    /**
     * Converts recorded entries; IO numbers in Submit/Complete are indices into the setup's IOs. The
     * trace starts at the client's first submit: what the device served before (START_DEV's partition
     * scan reads sector 0 and a few more) is the kernel's, not the scenario's, and is only counted.
     */
    public static RealTrace of(Setup setup, List<Trace.Entry> entries) {
        Set<String> inFlight = new HashSet<>();
        Map<Integer, String> tagIo = new HashMap<>();
        boolean zeroCopy = setup.config().variant() == dev.ublklab.model.Variant.ZERO_COPY;
        List<Line> out = new ArrayList<>();
        int first = 0;
        while (first < entries.size() && !(entries.get(first).event() instanceof TraceEvent.Submit)) first++;
        int before = 0;
        for (Trace.Entry e : entries.subList(0, first)) if (e.event() instanceof TraceEvent.Fetch) before++;
        for (Trace.Entry e : entries.subList(first, entries.size())) {
            Line l = switch (e.event()) {
                case TraceEvent.Submit s -> {
                    String id = setup.ios().get((int) s.io()).id();
                    inFlight.add(id);
                    yield new Line(e.t(), Observation.submit(id), id, s);
                }
                case TraceEvent.Complete c -> {
                    String id = setup.ios().get((int) c.io()).id();
                    inFlight.remove(id);
                    yield new Line(e.t(), Observation.complete(id, c.result()), id, c);
                }
                case TraceEvent.Fetch f -> fetch(setup, e.t(), f, inFlight, tagIo);
                case TraceEvent.Commit c -> new Line(e.t(), Observation.commit(c.queue(), c.tag(), c.result()),
                    tagIo.get(c.queue() << 16 | c.tag()), c);
                // zero copy: the server's CQEs say what it did; its per-request summary is not written
                case TraceEvent.Transfer x -> zeroCopy ? null : new Line(e.t(), null, tagIo.get(x.queue() << 16 | x.tag()), x);
                case TraceEvent.Cqe x -> new Line(e.t(), Observation.observedCqe(x.sqe())
                    ? Observation.cqe(x.queue(), x.tag(), x.sqe(), x.res()) : null, tagIo.get(x.queue() << 16 | x.tag()), x);
                case TraceEvent.Device d -> null;
            };
            if (l != null) out.add(l);
        }
        return new RealTrace(setup, out, before);
    }

    private static Line fetch(Setup setup, long t, TraceEvent.Fetch f, Set<String> inFlight, Map<Integer, String> tagIo) {
        Request r = new Request(f.queue(), f.tag(), opCode(f.op()), 0, f.startSector(), f.nrSectors());
        int io = ScenarioHandler.identify(setup, r, inFlight);
        String id = io < 0 ? null : setup.ios().get(io).id();
        if (id == null) tagIo.remove(f.queue() << 16 | f.tag());
        else tagIo.put(f.queue() << 16 | f.tag(), id);
        return new Line(t, Observation.fetch(f.queue(), f.tag(), f.op(), f.startSector(), (long) f.nrSectors() << 9), id, f);
    }

    private static int opCode(String op) {
        for (int code = 0; code < 16; code++) if (Request.opName(code).equals(op)) return code;
        return -1;
    }

    /**
     * Reads a trace this class wrote (header, events, optional end) back into entries, so that a trace
     * recorded in the guest is judged on the host. {@code before}: requests served before the first submit.
     */
    public static RealTrace read(Setup setup, String jsonl, int before) throws java.io.IOException {
        List<Trace.Entry> entries = new ArrayList<>();
        for (String text : jsonl.split("\n")) {
            if (text.isBlank()) continue;
            com.fasterxml.jackson.databind.JsonNode line = JSON.readTree(text);
            if (!line.has("event")) continue;                     // header or end
            TraceEvent ev = eventOf(setup, line.get("event"));
            if (ev != null) entries.add(new Trace.Entry(line.path("seq").asLong(), line.path("t").asLong(), ev));
        }
        RealTrace t = of(setup, entries);
        return new RealTrace(setup, t.lines, before);
    }

    private static TraceEvent eventOf(Setup setup, com.fasterxml.jackson.databind.JsonNode e) {
        int q = e.path("queue").asInt(), tag = e.path("tag").asInt();
        int io = e.has("io") ? setup.ioIndex(e.get("io").asText()) : -1;
        return switch (e.path("type").asText()) {
            case "submit" -> io < 0 ? null : new TraceEvent.Submit(io, setup.ios().get(io).op().name(),
                setup.ios().get(io).sector() * 512, setup.ios().get(io).bytes(), setup.ios().get(io).segments().size());
            case "complete" -> io < 0 ? null : new TraceEvent.Complete(io, e.path("ioResult").asInt());
            case "fetch" -> new TraceEvent.Fetch(q, tag, e.path("op").asText(), e.path("sector").asLong(),
                (int) (e.path("bytes").asLong() >> 9));
            case "issue" -> "COMMIT_AND_FETCH_REQ".equals(e.path("sqe").asText())
                ? new TraceEvent.Commit(q, tag, e.path("result").asInt())
                : new TraceEvent.Transfer(q, tag, e.path("sqe").asText().replace("BACKEND_", ""), e.path("fileOff").asLong(),
                    e.path("len").asLong(), e.path("result").asLong());
            case "cqe" -> new TraceEvent.Cqe(q, tag, e.path("sqe").asText(), e.path("res").asInt());
            default -> null;
        };
    }

    /** The observations Conformance compares, in order (server transfers are not among them). */
    public List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        for (Line l : lines) if (l.obs() != null) out.add(l.obs());
        return out;
    }

    /** The whole trace as JSON Lines: header (like the simulator's, src "real"), events, end. */
    public String jsonLines(Scenario scenario, Conformance.Result verdict) {
        StringBuilder sb = new StringBuilder(new TraceCodec(setup).header(scenario, "real", scenario.seed()));
        int seq = 1;
        for (Line l : lines) {
            ObjectNode line = JSON.createObjectNode();
            line.put("seq", seq++);
            line.put("t", l.t());
            line.put("src", "real");
            event(line.putObject("event"), l);
            sb.append(line).append('\n');
        }
        if (verdict != null) {
            ObjectNode end = JSON.createObjectNode();
            ObjectNode v = end.putObject("end");
            v.put("verdict", verdict.conforms() ? "passed" : "violated");
            if (!verdict.conforms()) v.put("invariant", "model-conformance");
            v.put("explanation", verdict.reason());
            v.put("step", verdict.conforms() ? lines.size() : verdict.failedAt() + 1);
            sb.append(end).append('\n');
        }
        return sb.toString();
    }

    private static void event(ObjectNode ev, Line l) {
        switch (l.raw()) {
            case TraceEvent.Submit s -> ev.put("type", "submit").put("io", l.io());
            case TraceEvent.Complete c -> ev.put("type", "complete").put("io", l.io()).put("ioResult", c.result());
            case TraceEvent.Fetch f -> {
                ev.put("type", "fetch").put("queue", f.queue()).put("tag", f.tag());
                if (l.io() != null) ev.put("io", l.io());
                ev.put("op", f.op()).put("sector", f.startSector()).put("bytes", (long) f.nrSectors() << 9);
            }
            case TraceEvent.Commit c -> {
                ev.put("type", "issue").put("queue", c.queue()).put("tag", c.tag());
                if (l.io() != null) ev.put("io", l.io());
                ev.put("sqe", "COMMIT_AND_FETCH_REQ").put("result", c.result());
            }
            case TraceEvent.Transfer x -> {
                ev.put("type", "issue").put("queue", x.queue()).put("tag", x.tag());
                if (l.io() != null) ev.put("io", l.io());
                String op = x.op().equals("WRITE_ZEROES") ? "DISCARD" : x.op();
                ev.put("sqe", "BACKEND_" + op).put("len", x.bytes()).put("fileOff", x.offset()).put("result", x.result());
            }
            case TraceEvent.Cqe x -> {
                ev.put("type", "cqe").put("queue", x.queue()).put("tag", x.tag());
                if (l.io() != null) ev.put("io", l.io());
                ev.put("sqe", x.sqe()).put("res", x.res());
            }
            case TraceEvent.Device d -> ev.put("type", "device");
        }
    }
}
