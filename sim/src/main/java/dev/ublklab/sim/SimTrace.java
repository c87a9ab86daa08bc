package dev.ublklab.sim;

import dev.ublklab.model.Event;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.Setup;
import dev.ublklab.model.World;
import dev.ublklab.sim.check.CheckResult;
import dev.ublklab.trace.End;
import dev.ublklab.trace.Entry;
import dev.ublklab.trace.Header;
import dev.ublklab.trace.Src;
import dev.ublklab.trace.TraceEvent;
import dev.ublklab.trace.TraceWriter;
import dev.ublklab.trace.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * Model runs in the trace contract ({@code dev.ublklab.trace}): a simulator {@link Run} or a
 * checker counterexample becomes a header, entries and an end, written by the one
 * {@link TraceWriter}. {@code t} is the step number.
 */
public final class SimTrace {
    private SimTrace() {}

    /** The header of a trace of {@code s}. */
    public static Header header(Scenario s, Src src, long seed) {
        Setup setup = s.setup();
        List<Header.IoInfo> ios = new ArrayList<>();
        for (IoSpec io : setup.ios()) {
            ios.add(new Header.IoInfo(io.id(), io.op().name(), io.queue(), io.sector(), io.bytes()));
        }
        return new Header(src, s.name(), setup.config().variant().id(), seed, setup.config().queues(), setup.config().depth(),
                ios, s.file());
    }

    /** A recorded run's steps as trace entries. */
    public static List<Entry> entries(Run run, Src src) {
        List<Entry> out = new ArrayList<>(run.steps().size());
        for (Step s : run.steps()) {
            out.add(new Entry(s.seq(), s.seq(), src, TraceEvent.of(s.event(), s.facts(), s.io())));
        }
        return out;
    }

    /** The end line of a run. */
    public static End end(Run run) {
        return new End(run.verdict(), run.invariant(), run.explanation(), run.stepCount(), run.schedule());
    }

    /** Writes a whole simulator trace. */
    public static void write(Appendable out, Scenario s, long seed, Run run) {
        TraceWriter w = new TraceWriter(out).header(header(s, Src.SIM, seed));
        for (Entry e : entries(run, Src.SIM)) {
            w.entry(e);
        }
        w.end(end(run));
    }

    /**
     * Writes a checker counterexample (src check): the events of {@code t} replayed from the
     * initial state, then the result's verdict. A livelock is its prefix, then its cycle once.
     */
    public static void writeCounterexample(Appendable out, Scenario s, Model model, CheckResult r) {
        List<Event> events = new ArrayList<>();
        List<Integer> schedule = new ArrayList<>();
        String explanation = null;
        switch (r) {
            case CheckResult.Violated v -> add(events, schedule, v.minimised());
            case CheckResult.Deadlocked d -> add(events, schedule, d.minimised());
            case CheckResult.Livelock l -> {
                add(events, schedule, l.prefix());
                add(events, schedule, l.cycle());
            }
            case CheckResult.Passed p -> { }
            case CheckResult.LimitReached l -> explanation = l.reason();
        }
        explanation = switch (r) {
            case CheckResult.Violated v -> v.explanation();
            case CheckResult.Deadlocked d -> d.explanation();
            case CheckResult.Livelock l -> l.explanation();
            case CheckResult.Passed p -> null;
            case CheckResult.LimitReached l -> explanation;
        };
        TraceWriter w = new TraceWriter(out).header(header(s, Src.CHECK, s.seed()));
        World state = model.initial();
        int n = 0;
        for (Event e : events) {
            Outcome.Next next = model.step(state, e);
            n++;
            w.entry(n, n, Src.CHECK, TraceEvent.of(e, next.facts(), model.actsOn(state, e)));
            state = next.world();
        }
        w.end(new End(verdict(r), r.broken(), explanation, n, schedule));
    }

    private static void add(List<Event> events, List<Integer> schedule, dev.ublklab.sim.check.Counterexample t) {
        events.addAll(t.events());
        schedule.addAll(t.schedule());
    }

    /** The checker's result in the one verdict vocabulary. */
    public static Verdict verdict(CheckResult r) {
        return switch (r) {
            case CheckResult.Passed p -> Verdict.PASSED;
            case CheckResult.Violated v -> Verdict.VIOLATED;
            case CheckResult.Deadlocked d -> Verdict.DEADLOCKED;
            case CheckResult.Livelock l -> Verdict.LIVELOCK;
            case CheckResult.LimitReached l -> Verdict.LIMIT;
        };
    }
}
