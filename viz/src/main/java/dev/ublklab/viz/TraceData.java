package dev.ublklab.viz;

import java.util.List;

/**
 * One trace as the viewer needs it: the header, the events (struct of arrays, so that a million
 * events stay small) and the optional end line, filled by {@link TraceLoad} from the one trace reader
 * ({@code dev.ublklab.trace.TraceReader}) or from a run held in memory.
 */
public record TraceData(Header header, EventTable events, End end) {

    /** One IO of the scenario, as listed in the header. */
    public record IoInfo(String id, String op, int queue, long sector, long bytes) {}

    /** The header line. {@code src} is sim, check or real; {@code scenarioFile} may be null. */
    public record Header(String src, String scenario, String variant, long seed, int queues, int depth,
                         List<IoInfo> ios, String scenarioFile) {
        public Header {
            ios = List.copyOf(ios);
        }

        /** Whether {@code t} counts model steps (sim, check) rather than nanoseconds (real). */
        public boolean stepTime() {
            return !"real".equals(src);
        }
    }

    /** The end line; {@code invariant}, {@code explanation} may be null, {@code step} -1 when absent. */
    public record End(String verdict, String invariant, String explanation, long step, List<Integer> schedule) {
        public End {
            schedule = List.copyOf(schedule);
        }

        public boolean violated() {
            return "violated".equals(verdict);
        }
    }

    /**
     * The same trace with event {@code i} at time {@code i + 1}: two traces in different units (a real
     * one in ns, a simulated one in steps) are compared aligned on events, not squashed on one axis.
     */
    public TraceData byEvent() {
        EventTable t = new EventTable(events.ioIds());
        for (int i = 0; i < events.size(); i++) {
            List<String> f = events.facts(i);
            t.add(events.seq(i), i + 1, events.type(i), events.queue(i), events.tag(i), events.io(i), events.index(i),
                    events.worker(i), events.completed(i), events.sqe(i), f.isEmpty() ? null : f.toArray(String[]::new));
        }
        Header h = new Header(header.src() + ", by event", header.scenario(), header.variant(), header.seed(), header.queues(),
                header.depth(), header.ios(), header.scenarioFile());
        return new TraceData(h, t, end);
    }

    public TraceData {
        if (header == null || events == null) {
            throw new IllegalArgumentException("a trace needs a header and events");
        }
    }
}
