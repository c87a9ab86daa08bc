package dev.ublklab.viz;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The filter bar's language: space-separated terms that must all hold for an event. Terms:
 * {@code io=w1}, {@code tag=3}, {@code q=0}, {@code op=WRITE} (the IO's op from the header, or the
 * event's sqe), {@code phase=splice} (a phase the event starts, or {@code splice}/{@code completed}),
 * {@code type=fetch}, and {@code invariant} (the events the violated invariant names).
 */
public final class Filter {
    /** One term; {@code key} is one of io, tag, q, op, phase, type, invariant. */
    public record Term(String key, String value) {}

    private final List<Term> terms;

    private Filter(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    public static final Filter NONE = new Filter(List.of());

    public List<Term> terms() {
        return terms;
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** Parses the filter text; an unknown or malformed term is a {@link VizException}. */
    public static Filter parse(String text) {
        List<Term> out = new ArrayList<>();
        for (String raw : text.trim().split("\\s+")) {
            if (raw.isEmpty()) {
                continue;
            }
            if (raw.equalsIgnoreCase("invariant")) {
                out.add(new Term("invariant", ""));
                continue;
            }
            int eq = raw.indexOf('=');
            if (eq <= 0 || eq == raw.length() - 1) {
                throw new VizException("bad filter term '" + raw + "': use key=value or 'invariant'");
            }
            String key = raw.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = raw.substring(eq + 1);
            switch (key) {
                case "io", "op", "phase", "type" -> { }
                case "tag", "q", "queue" -> requireInt(raw, value);
                default -> throw new VizException("unknown filter key '" + key
                        + "': use io=, tag=, q=, op=, phase=, type= or invariant");
            }
            if (key.equals("phase") && !value.equalsIgnoreCase("splice") && Phase.ofLabel(value) == null) {
                throw new VizException("unknown phase '" + value + "' in filter");
            }
            if (key.equals("type") && EventType.ofWireIgnoreCase(value) == null) {
                throw new VizException("unknown event type '" + value + "' in filter");
            }
            out.add(new Term(key.equals("queue") ? "q" : key, value));
        }
        return new Filter(out);
    }

    private static void requireInt(String raw, String value) {
        try {
            Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new VizException("bad filter term '" + raw + "': the value must be a number");
        }
    }

    /** The events that match, as a bit set over event indexes (all of them when empty). */
    public BitSet matches(TimelineModel m) {
        BitSet out = new BitSet(m.events().size());
        BitSet named = m.counterexample() == null ? new BitSet() : m.counterexample().namedEvents();
        for (int e = 0; e < m.events().size(); e++) {
            if (matches(m, e, named)) {
                out.set(e);
            }
        }
        return out;
    }

    private boolean matches(TimelineModel m, int e, BitSet named) {
        for (Term t : terms) {
            if (!holds(m, e, t, named)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(TimelineModel m, int e, Term t, BitSet named) {
        EventTable ev = m.events();
        int io = m.ioOfEvent(e);
        Lane lane = m.lane(m.laneOfEvent(e));
        return switch (t.key()) {
            case "io" -> io >= 0 && ev.ioId(io).equals(t.value());
            case "tag" -> ev.tag(e) == Integer.parseInt(t.value())
                    || (lane.kind() == Lane.Kind.TAG && lane.key() == Integer.parseInt(t.value()));
            case "q" -> ev.queue(e) == Integer.parseInt(t.value()) || lane.queue() == Integer.parseInt(t.value());
            case "op" -> opOf(m, io).equalsIgnoreCase(t.value())
                    || (ev.sqe(e) != null && ev.sqe(e).toUpperCase(Locale.ROOT).contains(t.value().toUpperCase(Locale.ROOT)));
            case "phase" -> phaseHolds(m, e, t.value());
            case "type" -> ev.type(e).wire().equalsIgnoreCase(t.value());
            case "invariant" -> named.get(e);
            default -> false;
        };
    }

    private static String opOf(TimelineModel m, int io) {
        List<TraceData.IoInfo> ios = m.trace().header().ios();
        return io >= 0 && io < ios.size() ? ios.get(io).op() : "";
    }

    private static boolean phaseHolds(TimelineModel m, int e, String value) {
        EventType type = m.events().type(e);
        if (value.equalsIgnoreCase("splice")) {
            String sqe = m.events().sqe(e);
            return type == EventType.SPLICE_READ || type == EventType.SPLICE_CONSUME
                    || (sqe != null && sqe.toLowerCase(Locale.ROOT).contains("splice"));
        }
        Phase p = Phase.ofLabel(value);
        if (p == Phase.COMPLETED) {
            return m.events().completed(e) >= 0 || type == EventType.COMPLETE;
        }
        return m.phaseOfEvent(e) == p;
    }

    /** The IOs that have at least one matching event. */
    public static BitSet ios(TimelineModel m, BitSet events) {
        BitSet out = new BitSet(m.ioCount());
        for (int e = events.nextSetBit(0); e >= 0; e = events.nextSetBit(e + 1)) {
            if (m.ioOfEvent(e) >= 0) {
                out.set(m.ioOfEvent(e));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Term t : terms) {
            b.append(b.isEmpty() ? "" : " ").append(t.key()).append(t.value().isEmpty() ? "" : "=" + t.value());
        }
        return b.toString();
    }
}
