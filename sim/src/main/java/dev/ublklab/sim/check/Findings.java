package dev.ublklab.sim.check;

import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Checker#checkAll} found: per broken invariant its shortest minimised counterexample
 * (a {@link Result.Violated}, {@link Result.Deadlocked} or {@link Result.Livelock}), in the order
 * of the checked invariants; the invariants that held in every state the search covered; and how
 * the search ended ({@link Result.Passed}: every reachable state, or {@link Result.LimitReached}).
 */
public record Findings(List<Result> broken, List<String> held, Result end) {
    public Findings {
        broken = List.copyOf(broken);
        held = List.copyOf(held);
        if (!(end instanceof Result.Passed) && !(end instanceof Result.LimitReached)) {
            throw new IllegalArgumentException("a search ends passed or at a limit, not " + end.headline());
        }
    }

    /** Whether the search covered every reachable state. */
    public boolean complete() {
        return end instanceof Result.Passed;
    }

    /** The first state (in BFS merge order) seen to break an invariant. */
    record Found(Invariant invariant, int ord, String why, boolean terminal, boolean quiescent, Result.Livelock livelock) {}

    /** Collects the first state that breaks each invariant, while the search goes on. */
    static final class Collector {
        private final Map<String, Found> found = new LinkedHashMap<>();

        /** A state (ordinal {@code ord}) breaks {@code b}'s invariant; only its first such state counts. */
        void violated(int ord, Invariants.Broken b) {
            found.putIfAbsent(b.invariant().name(), new Found(b.invariant(), ord, b.why(), false, false, null));
        }

        /** A terminal state fails every-io-completes: a deadlock, or (quiescent) a failed IO. */
        void terminal(int ord, String why, boolean quiescent) {
            found.putIfAbsent(Invariants.EVERY_IO_COMPLETES,
                    new Found(Invariants.byName(Invariants.EVERY_IO_COMPLETES), ord, why, true, quiescent, null));
        }

        /** The complete search found a cycle that completes no IO (null: none). */
        void livelock(Result.Livelock l) {
            if (l != null) {
                found.putIfAbsent(Invariants.EVERY_IO_COMPLETES,
                        new Found(Invariants.byName(Invariants.EVERY_IO_COMPLETES), -1, l.explanation(), true, false, l));
            }
        }

        boolean has(String invariant) {
            return found.containsKey(invariant);
        }

        /** What was found, in the order of {@code checked}. */
        List<Found> inOrder(List<Invariant> checked) {
            List<Found> out = new ArrayList<>();
            for (Invariant i : checked) {
                Found f = found.get(i.name());
                if (f != null) {
                    out.add(f);
                }
            }
            return out;
        }
    }
}
