package dev.ublklab.sim.check;

import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Checker#checkAll} found: per broken invariant its shortest minimised counterexample
 * (a {@link CheckResult.Violated}, {@link CheckResult.Deadlocked} or {@link CheckResult.Livelock}), in the order
 * of the checked invariants; the invariants that held in every state the search covered; and how
 * the search ended ({@link CheckResult.Passed}: every reachable state, or {@link CheckResult.LimitReached}).
 */
public record Findings(List<CheckResult> broken, List<String> held, CheckResult end) {
    public Findings {
        broken = List.copyOf(broken);
        held = List.copyOf(held);
        if (!(end instanceof CheckResult.Passed) && !(end instanceof CheckResult.LimitReached)) {
            throw new IllegalArgumentException("a search ends passed or at a limit, not " + end.headline());
        }
    }

    /** Whether the search covered every reachable state. */
    public boolean complete() {
        return end instanceof CheckResult.Passed;
    }

    /** The first state (in BFS merge order) seen to break an invariant. */
    record Found(Invariant invariant, int ord, String why, boolean terminal, boolean quiescent, CheckResult.Livelock livelock) {}

    /** Collects the first state that breaks each invariant, while the search goes on. */
    static final class Collector {
        private final Map<String, Found> found = new LinkedHashMap<>();

        /** A state (ordinal {@code ord}) breaks {@code b}'s invariant; only its first such state counts. */
        void violated(int ord, Invariants.Broken b) {
            found.putIfAbsent(b.invariant().name(), new Found(b.invariant(), ord, b.why(), false, false, null));
        }

        /** A terminal state fails every-io-completes: a deadlock, or (quiescent) a failed IO. */
        void terminal(int ord, String why, boolean quiescent) {
            String name = CheckResult.liveness(why);   // every-io-completes, or the lifecycle's teardown-completes
            found.putIfAbsent(name, new Found(Invariants.byName(name), ord, why, true, quiescent, null));
        }

        /** The complete search found a cycle that completes no IO (null: none). */
        void livelock(CheckResult.Livelock l) {
            if (l != null) {
                String name = CheckResult.liveness(l.explanation());
                found.putIfAbsent(name, new Found(Invariants.byName(name), -1, l.explanation(), true, false, l));
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
