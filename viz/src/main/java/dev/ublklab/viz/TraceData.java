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

    /**
     * The header line. {@code src} is sim, check or real; {@code scenarioFile} may be null;
     * {@code kernel} is the model's kernel version of a run made here (not in the file), else null.
     */
    public record Header(String src, String scenario, String variant, long seed, int queues, int depth,
                         List<IoInfo> ios, String scenarioFile, String kernel) {
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
                header.depth(), header.ios(), header.scenarioFile(), header.kernel());
        return new TraceData(h, t, end);
    }

    /** The same trace, labelled as a run of the model at kernel version {@code kernel} (titles and diffs name it). */
    public TraceData withKernel(String kernel) {
        Header h = new Header(header.src(), header.scenario(), header.variant(), header.seed(), header.queues(), header.depth(),
                header.ios(), header.scenarioFile(), kernel);
        return new TraceData(h, events, end);
    }

    /**
     * What tells two traces of a diff apart, for each side: the variant, the kernel version and the
     * source where they differ (e.g. {"kernel 6.12", "kernel 7.3"}); empty strings where nothing does.
     */
    public static String[] sides(Header a, Header b) {
        StringBuilder x = new StringBuilder(), y = new StringBuilder();
        if (!a.variant().equals(b.variant())) {
            x.append(a.variant());
            y.append(b.variant());
        }
        if (a.kernel() != null && b.kernel() != null && !a.kernel().equals(b.kernel())) {
            x.append(x.isEmpty() ? "" : ", ").append("kernel ").append(a.kernel());
            y.append(y.isEmpty() ? "" : ", ").append("kernel ").append(b.kernel());
        }
        if (!a.src().equals(b.src())) {
            x.append(x.isEmpty() ? "" : ", ").append(a.src());
            y.append(y.isEmpty() ? "" : ", ").append(b.src());
        }
        return new String[] {x.toString(), y.toString()};
    }

    /** "A (top: kernel 6.12) vs B (bottom: kernel 7.3)", or "A (top) vs B (bottom)" where nothing tells them apart. */
    public static String diffLabel(Header a, Header b, boolean above) {
        String[] s = sides(a, b);
        return "A (" + (above ? "top" : "left") + (s[0].isEmpty() ? "" : ": " + s[0]) + ") vs B ("
                + (above ? "bottom" : "right") + (s[1].isEmpty() ? "" : ": " + s[1]) + ")";
    }

    public TraceData {
        if (header == null || events == null) {
            throw new IllegalArgumentException("a trace needs a header and events");
        }
    }
}
