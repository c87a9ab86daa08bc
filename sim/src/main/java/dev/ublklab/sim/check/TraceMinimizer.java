package dev.ublklab.sim.check;

import dev.ublklab.model.Event;
import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import dev.ublklab.model.Model;
import dev.ublklab.model.World;
import java.util.ArrayList;
import java.util.List;

/**
 * Shrinks a failing run the way dslabs' TraceMinimizer does: drop one step, replay the rest, keep
 * the shorter run if it still fails the same way; repeat until no single step can go.
 *
 * <p>Replay after a drop cannot reuse the events verbatim: events hold positions that shift
 * (Execute and Cqe name an index into the queue's in-flight operations; AllocTag names a tag that
 * may now be taken). Each event is matched against {@code Model.enabled} of the current state:
 * first by equality, then by (type, queue, tag, io) ignoring indices, then by (type, queue, io)
 * ignoring the tag; an event with no match is skipped. A BFS counterexample is already shortest,
 * so this only shortens runs that came from elsewhere (simulator, scripts).
 */
public final class TraceMinimizer {
    private TraceMinimizer() {}

    /** The failure a run must reach: the number of steps after which it is reached, or -1. */
    @FunctionalInterface
    public interface Goal {
        /** {@code states.get(k)} is the state after {@code k} events; {@code states.get(0)} is initial. */
        int reachedAt(Model model, List<World> states);
    }

    /** The first state that breaks {@code invariant}. */
    public static Goal violates(Invariant invariant) {
        return (m, states) -> {
            for (int k = 0; k < states.size(); k++) {
                if (invariant.explain(m, states.get(k)) != null) {
                    return k;
                }
            }
            return -1;
        };
    }

    /** every-io-completes as a deadlock: the run ends where nothing is enabled and an IO is pending. */
    public static Goal deadlocks() {
        return terminal(false);
    }

    /** every-io-completes as a failure: the run ends with every IO completed and one of them failed. */
    public static Goal endsFailed() {
        return terminal(true);
    }

    private static Goal terminal(boolean quiescent) {
        return (m, states) -> {
            World last = states.get(states.size() - 1);
            boolean failed = m.enabled(last).isEmpty() && Invariants.unfinished(m, last) != null;
            return failed && m.quiescent(last) == quiescent ? states.size() - 1 : -1;
        };
    }

    /** A walk of events from the initial state: the events actually taken, their choice indices, and every state passed through. */
    record Walk(Counterexample trace, List<World> states) {}

    /** Replays {@code events} from the initial state, matching each against what is enabled. */
    static Walk replay(Model m, List<Event> events) {
        World w = m.initial();
        List<World> states = new ArrayList<>(List.of(w));
        List<Event> taken = new ArrayList<>();
        List<Integer> schedule = new ArrayList<>();
        for (Event e : events) {
            List<Event> enabled = m.enabled(w);
            int i = match(enabled, e);
            if (i < 0) {
                continue;
            }
            w = m.step(w, enabled.get(i)).world();
            taken.add(enabled.get(i));
            schedule.add(i);
            states.add(w);
        }
        return new Walk(new Counterexample(taken, schedule), states);
    }

    static int match(List<Event> enabled, Event e) {
        int i = enabled.indexOf(e);
        for (int level = 1; i < 0 && level <= 2; level++) {
            for (int k = 0; k < enabled.size() && i < 0; k++) {
                if (similar(enabled.get(k), e, level)) {
                    i = k;
                }
            }
        }
        return i;
    }

    private static boolean similar(Event a, Event b, int level) {
        return a.type().equals(b.type()) && field(a, 0) == field(b, 0) && field(a, 2) == field(b, 2)
                && (level == 2 || field(a, 1) == field(b, 1));
    }

    /** Field 0: queue, 1: tag, 2: io (-1 where the event has none; worker for splice halves). */
    private static int field(Event e, int which) {
        int[] f = switch (e) {
            case Event.Submit s -> new int[] {-1, -1, s.io()};
            case Event.ReleasePages r -> new int[] {-1, -1, r.io()};
            case Event.Crash c -> new int[] {c.queue(), -1, -1};
            case Event.AllocTag a -> new int[] {a.queue(), a.tag(), a.io()};
            case Event.QueueRq r -> new int[] {r.queue(), r.tag(), r.io()};
            case Event.TaskWork t -> new int[] {t.queue(), t.tag(), t.io()};
            case Event.Fetch f2 -> new int[] {f2.queue(), f2.tag(), f2.io()};
            case Event.Issue i -> new int[] {i.queue(), i.tag(), i.io()};
            case Event.Execute x -> new int[] {x.queue(), x.tag(), -1};
            case Event.Cqe c -> new int[] {c.queue(), c.tag(), -1};
            case Event.Abort a -> new int[] {a.queue(), a.tag(), a.io()};
            case Event.SpliceRead r -> new int[] {-1, r.worker(), -1};
            case Event.SpliceConsume c -> new int[] {-1, c.worker(), -1};
            case Event.WorkerStart ws -> new int[] {ws.queue(), ws.tag(), -1};
            case Event.CopyPages cp -> new int[] {-1, cp.worker(), -1};
            case Event.Adversary ad -> new int[] {ad.queue(), -1, ad.choice()};
            case Event.RingClose rc -> new int[] {-1, rc.ring(), -1};
            case Event.Timeout to -> new int[] {-1, -1, to.io()};
            case Event.ServerStep ss -> new int[] {ss.queue(), ss.tag(), -1};
            case Event.ServerExit se -> new int[] {se.queue(), -1, -1};
            case Event.TaskWorkRun tw -> new int[] {-1, tw.cmd(), -1};
            case Event.CancelStep cs -> new int[] {-1, cs.ring(), -1};
            case Event.BufRelease br -> new int[] {br.queue(), br.tag(), -1};
            case Event.Control co -> new int[] {-1, -1, co.op()};
            case Event.DeadDisk dd -> new int[] {-1, dd.path(), dd.io()};
        };
        return f[which];
    }

    /**
     * The shortest run this greedy search finds that still reaches {@code goal}, cut at the point
     * where it does. Throws if {@code events} itself does not reach it.
     */
    public static Counterexample minimise(Model m, List<Event> events, Goal goal) {
        Walk r = replay(m, events);
        int at = goal.reachedAt(m, r.states());
        if (at < 0) {
            throw new IllegalArgumentException("the run does not reach the failure it should be minimised for");
        }
        Counterexample cur = cut(r.trace(), at);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int drop = cur.size() - 1; drop >= 0; drop--) {
                if (drop >= cur.size()) {
                    continue;
                }
                List<Event> shorter = new ArrayList<>(cur.events());
                shorter.remove(drop);
                Walk c = replay(m, shorter);
                int k = goal.reachedAt(m, c.states());
                if (k >= 0 && k < cur.size()) {
                    cur = cut(c.trace(), k);
                    changed = true;
                }
            }
        }
        return cur;
    }

    private static Counterexample cut(Counterexample t, int n) {
        return new Counterexample(t.events().subList(0, n), t.schedule().subList(0, n));
    }

    /** Runs a schedule of choice indices from the initial state; the trace it takes. */
    public static Counterexample run(Model m, List<Integer> schedule) {
        World w = m.initial();
        List<Event> events = new ArrayList<>();
        for (int i : schedule) {
            Event e = m.enabled(w).get(i);
            events.add(e);
            w = m.step(w, e).world();
        }
        return new Counterexample(events, schedule);
    }

    /** The state a schedule ends in. */
    public static World endOf(Model m, List<Integer> schedule) {
        World w = m.initial();
        for (int i : schedule) {
            w = m.step(w, m.enabled(w).get(i)).world();
        }
        return w;
    }
}
