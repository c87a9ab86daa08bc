package dev.ublklab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Test helper: builds small setups and drives a model by choosing among enabled events. */
final class Drive {
    final Model m;
    World w;
    final List<Event> trace = new ArrayList<>();

    Drive(Setup s) {
        this.m = new Model(s);
        this.w = m.initial();
    }

    static Config config(Variant v, int queues, int depth, int pipeSlots, int workers) {
        return new Config(queues, depth, v, pipeSlots, workers, 4096, 512, 1 << 20, TagPolicy.LOWEST, Recovery.OFF, 64, KernelVersion.SIMPLIFIED);
    }

    static IoSpec io(String id, ReqOp op, long sector, int pages) {
        List<Segment> segs = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            segs.add(new Segment(0, 4096));
        }
        return new IoSpec(id, op, 0, sector, segs, null);
    }

    static Setup setup(Config c, ServerSpec server, IoSpec... ios) {
        return new Setup(c, List.of(ios), server, List.of(), false);
    }

    static Setup setupCrash(Config c, ServerSpec server, IoSpec... ios) {
        return new Setup(c, List.of(ios), server, List.of(0), false);
    }

    /** Applies the first enabled event matching {@code p}; fails when none does. */
    Outcome.Next step(Predicate<Event> p) {
        for (Event e : m.enabled(w)) {
            if (p.test(e)) {
                return apply(e);
            }
        }
        throw new AssertionError("no enabled event matches; enabled: " + m.enabled(w));
    }

    Outcome.Next step(Class<? extends Event> type) {
        return step(type::isInstance);
    }

    boolean has(Class<? extends Event> type) {
        return m.enabled(w).stream().anyMatch(type::isInstance);
    }

    Outcome.Next apply(Event e) {
        Outcome o = m.apply(w, e);
        if (!(o instanceof Outcome.Next n)) {
            throw new AssertionError("rejected: " + o);
        }
        trace.add(e);
        w = n.world();
        return n;
    }

    /** Runs to quiescence taking the first enabled event that is not a crash or page release. */
    void runToEnd(int limit) {
        for (int i = 0; i < limit; i++) {
            Event next = null;
            for (Event e : m.enabled(w)) {
                if (!(e instanceof Event.Crash) && !(e instanceof Event.ReleasePages) && !(e instanceof Event.Adversary)) {
                    next = e;
                    break;
                }
            }
            if (next == null) {
                return;
            }
            apply(next);
        }
        throw new AssertionError("no end after " + limit + " steps");
    }

    /** Names of the invariants broken in the current state. */
    List<String> violated() {
        List<String> out = new ArrayList<>();
        for (Invariant inv : Invariants.ALL) {
            if (!inv.name().equals(Invariants.EVERY_IO_COMPLETES) && inv.explain(m, w) != null) {
                out.add(inv.name());
            }
        }
        return out;
    }

    /** Names of the safety invariants broken in the current state (all that apply to an adversarial server). */
    List<String> violatedSafety() {
        List<String> out = new ArrayList<>();
        for (Invariant inv : Invariants.ALL) {
            if (inv.kind() == Invariant.Kind.SAFETY && inv.explain(m, w) != null) {
                out.add(inv.name());
            }
        }
        return out;
    }

    Worker worker(int k) {
        return w.workers().get(k);
    }
}
