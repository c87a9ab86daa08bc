package dev.ublklab.sim.check;

import dev.ublklab.model.Event;
import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.World;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * One BFS level: {@link #expand} runs on workers over contiguous slices of the frontier and
 * writes nothing shared; {@link #merge} runs on one thread, chunk by chunk in frontier order, and
 * adds each chunk's new states to the visited set and the predecessor links. The merge sees
 * candidates in exactly the order one worker would produce them, so what it keeps, and where it
 * stops, does not depend on the number of workers or on timing.
 */
final class LevelMerge {
    private final Model model;
    private final Fingerprints fps;
    private final OffHeapFpSet seen;
    private final Links links;
    private final Liveness liveness;
    private final List<Invariant> invariants;
    private final Findings.Collector findings;
    private final HeapGuard heap;
    private final long maxStates;

    /**
     * @param findings null: stop at the first violation; else record every invariant's first
     *                 violation there and keep exploring (violating states stay on the frontier)
     */
    LevelMerge(Model model, Fingerprints fps, OffHeapFpSet seen, Links links, Liveness liveness, List<Invariant> invariants,
               Findings.Collector findings, HeapGuard heap, long maxStates) {
        this.model = model;
        this.fps = fps;
        this.seen = seen;
        this.links = links;
        this.liveness = liveness;
        this.invariants = invariants;
        this.findings = findings;
        this.heap = heap;
        this.maxStates = maxStates;
    }

    /** A successor not seen before the current level, with the invariants it breaks. */
    record Candidate(long fp, World world, int parent, int choice, List<Invariants.Broken> broken) {}

    /** What one worker produced from a contiguous slice of the frontier. */
    static final class Chunk {
        final List<Candidate> out = new ArrayList<>();
        /** Graph mode: this chunk's steps, target ordinals unknown until the merge. */
        final List<Event> stepEvents = new ArrayList<>();
        long[] stepTargets = new long[0];
        int[] stepFrom = new int[0];
        int[] stepChoice = new int[0];
        final BitSet stepCompletes = new BitSet();
        final List<Integer> failedTerminals = new ArrayList<>();
        final List<String> failedWhy = new ArrayList<>();
        /** The first terminal state (frontier index) that fails every-io-completes, or -1. */
        int deadlock = -1;
        String deadlockWhy;
        long transitions;

        void addStep(int from, int choice, Event e, long toFp, boolean completes) {
            int n = stepEvents.size();
            if (n == stepTargets.length) {
                int cap = Math.max(256, n * 2);
                stepTargets = Arrays.copyOf(stepTargets, cap);
                stepFrom = Arrays.copyOf(stepFrom, cap);
                stepChoice = Arrays.copyOf(stepChoice, cap);
            }
            stepTargets[n] = toFp;
            stepFrom[n] = from;
            stepChoice[n] = choice;
            stepCompletes.set(n, completes);
            stepEvents.add(e);
        }
    }

    /** Why the merge of a level stopped early. */
    sealed interface Stop {
        /** A state breaks an invariant (stop-at-first mode). */
        record Violation(int ord, Invariants.Broken broken) implements Stop {}

        /** A bound; {@code deeper}: the level's states count as one more level done. */
        record Limit(String reason, long covered, boolean deeper) implements Stop {}
    }

    /** The next frontier as the merge builds it, and what stopped the merge, if anything. */
    static final class Level {
        final List<World> worlds = new ArrayList<>();
        int[] ords = new int[1024];
        Stop stop;
        /** A chunk merged so far ends the search with a deadlock: nothing after it counts. */
        boolean deadlocked;

        void add(World w, int ord) {
            if (worlds.size() == ords.length) {
                ords = Arrays.copyOf(ords, ords.length * 2);
            }
            ords[worlds.size()] = ord;
            worlds.add(w);
        }
    }

    /** Whether the search stops at the first deadlock (else it records it and goes on). */
    private boolean stopsAtDeadlock() {
        return findings == null;
    }

    /** Expands frontier[lo, hi): runs on a worker; reads the visited set, writes nothing shared. */
    Chunk expand(List<World> frontier, int[] ords, int lo, int hi) {
        Chunk c = new Chunk();
        FpSet local = new FpSet(Math.max(64, (hi - lo) * 2L), false);
        boolean graph = liveness.keepsGraph();
        for (int k = lo; k < hi; k++) {
            World w = frontier.get(k);
            List<Event> enabled = model.enabled(w);
            c.transitions += enabled.size();
            if (enabled.isEmpty()) {
                String why = Invariants.unfinished(model, w);
                if (why != null) {
                    c.failedTerminals.add(ords[k]);
                    c.failedWhy.add(why);
                    if (liveness.checked() && c.deadlock < 0) {
                        c.deadlock = k;
                        c.deadlockWhy = why;
                        if (stopsAtDeadlock()) {
                            break;
                        }
                    }
                }
                continue;
            }
            for (int i = 0; i < enabled.size(); i++) {
                Outcome.Next next = model.stepQuiet(w, enabled.get(i));
                long fp = fps.of(next.world());
                if (graph) {
                    c.addStep(ords[k], i, enabled.get(i), fp, next.facts().ended());
                }
                if (seen.contains(fp) || !local.add(fp, 0)) {
                    continue;
                }
                c.out.add(new Candidate(fp, next.world(), ords[k], i, verdicts(next.world(), w)));
            }
        }
        return c;
    }

    /**
     * The invariants a new state breaks. Its parent passed every invariant not yet reported (it is
     * on the frontier, and what it broke was recorded when it was merged), and states are
     * immutable, so a part whose {@link Invariant#reads} did not change since the parent is
     * skipped. Stop-at-first mode asks for the first broken one only.
     */
    List<Invariants.Broken> verdicts(World w, World parent) {
        if (findings == null) {
            Invariants.Broken b = Invariants.firstBroken(model, invariants, w, parent);
            return b == null ? List.of() : List.of(b);
        }
        List<Invariants.Broken> out = new ArrayList<>(0);
        for (Invariant inv : invariants) {
            Invariants.Broken b = Invariants.firstBroken(model, List.of(inv), w, parent);
            if (b != null) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Adds one chunk's candidates to the visited set (one thread, chunks in frontier order). A
     * violation (stop-at-first mode) or a limit stops the level's merge; it is reported after the
     * whole level was expanded, since a deadlock anywhere in the level comes first.
     */
    void merge(Chunk c, Level next) {
        next.deadlocked |= c.deadlock >= 0 && stopsAtDeadlock();
        if (next.stop != null || next.deadlocked) {
            return;
        }
        for (Candidate cand : c.out) {
            if (seen.needsGrowth() || (links.size() & 1023) == 0) {
                if (heap.low(seen.growthBytes())) {
                    next.stop = new Stop.Limit("heap nearly full", links.size(), false);
                    return;
                }
            }
            int ord = links.size();
            if (!seen.add(cand.fp(), ord)) {
                continue;
            }
            links.add(cand.parent(), cand.choice());
            liveness.addState(ord, cand.fp());
            if (!cand.broken().isEmpty()) {
                if (findings == null) {
                    next.stop = new Stop.Violation(ord, cand.broken().get(0));
                    return;
                }
                for (Invariants.Broken b : cand.broken()) {
                    findings.violated(ord, b);
                }
            }
            next.add(cand.world(), ord);
            if (links.size() >= maxStates || links.full()) {
                next.stop = new Stop.Limit(links.full() ? "2^27 states (predecessor links are full)" : "maxStates " + maxStates,
                        links.size(), true);
                return;
            }
        }
    }
}
