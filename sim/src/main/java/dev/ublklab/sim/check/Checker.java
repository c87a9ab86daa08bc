package dev.ublklab.sim.check;

import dev.ublklab.model.Event;
import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.World;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The exhaustive checker: breadth-first search over every enabled step, on canonical states.
 *
 * <p>Search. Level by level: the frontier (concrete states, each the exact state its predecessor
 * links replay to) is cut into contiguous chunks that workers expand in parallel, reading the
 * visited set but never writing it (a read that races the merge can only miss a new entry); each chunk keeps, in order, the successors not yet visited
 * and not already produced by the same chunk, with their invariant verdicts. One thread merges
 * the chunks in frontier order into the visited set, each as soon as it and the chunks before it
 * are done, while later chunks are still being expanded. The merge sees successors in exactly
 * the order one worker would have produced them, so the distinct states, the depth, the first
 * violation and its trace are the same for any number of workers.
 *
 * <p>Storage. The visited set holds 64-bit fingerprints only, off the heap ({@link OffHeapFpSet}); counterexamples are
 * rebuilt from predecessor links ({@link Links}: parent ordinal and choice index) by replaying
 * the choices from the initial state. Small spaces also keep the state graph ({@link StateSpace})
 * for livelocks and export.
 *
 * <p>Verdicts. Safety and correctness invariants are checked at every state; every-io-completes
 * at terminal states ({@link Invariants#unfinished}) and, when the graph was kept, on cycles that
 * complete no IO. The shallowest failure wins; at equal depth a deadlock found while expanding
 * comes before a violation found among the successors.
 */
public final class Checker {
    private final Model model;
    private final Options opts;
    private final List<Invariant> invariants;
    private final boolean liveness;
    private final Fingerprints fps;
    private final OffHeapFpSet seen;
    private final Links links = new Links();
    private final Progress progress;
    private StateSpace space;
    private String livenessNote;
    private long transitions;
    private int depth;
    private long lastGc;

    private Checker(Model model, Options opts) {
        this.model = model;
        this.opts = opts;
        this.invariants = applicable(model, opts.invariants());
        this.liveness = invariants.stream().anyMatch(i -> i.name().equals(Invariants.EVERY_IO_COMPLETES));
        this.fps = new Fingerprints(model, opts.symmetry());
        boolean keepGraph = (liveness || opts.graph() != null) && opts.graphLimit() > 0;
        this.space = keepGraph ? new StateSpace() : null;
        this.livenessNote = liveness ? (keepGraph ? "deadlocks and livelocks" : "deadlocks only (graph limit 0)") : "not checked";
        this.seen = new OffHeapFpSet(Math.min(opts.maxStates(), 1 << 16), keepGraph);
        this.progress = new Progress(opts.progress(), opts.progressMillis());
    }

    /** Checks every state reachable in {@code model}. Never throws OutOfMemoryError: a full heap ends in LimitReached. */
    public static Result check(Model model, Options opts) {
        Checker c = new Checker(model, opts);
        try (Progress p = c.progress) {
            return c.search();
        } catch (OutOfMemoryError e) {
            c.space = null;
            return c.limit("out of memory", c.links.size());
        }
    }

    /**
     * The invariants to check: the named ones, or by default every safety and liveness invariant,
     * plus the correctness ones when the server is the correct one (MODEL.md §5).
     */
    public static List<Invariant> applicable(Model model, List<String> names) {
        List<Invariant> out = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                Invariant i = Invariants.byName(n);
                if (i == null) {
                    throw new IllegalArgumentException("unknown invariant " + n + "; known: " + Invariants.names());
                }
                out.add(i);
            }
            return out;
        }
        boolean correct = switch (model.setup().server()) {
            case ServerSpec.Correct c -> true;
            case ServerSpec.Script s -> s.plans().stream().allMatch(p -> p == null);
            case ServerSpec.Adversarial a -> false;
        };
        for (Invariant i : Invariants.ALL) {
            if (i.kind() != Invariant.Kind.CORRECTNESS || correct) {
                out.add(i);
            }
        }
        return out;
    }

    /** A successor not seen before the current level, with its verdict. */
    private record Candidate(long fp, World world, int parent, int choice, Invariant broken, String why) {}

    /** What one worker produced from a contiguous slice of the frontier. */
    private static final class Chunk {
        final List<Candidate> out = new ArrayList<>();
        /** Graph mode: this chunk's steps, target ordinals unknown until the merge. */
        final List<Event> stepEvents = new ArrayList<>();
        long[] stepTargets = new long[0];
        int[] stepFrom = new int[0];
        int[] stepChoice = new int[0];
        java.util.BitSet stepCompletes = new java.util.BitSet();

        void addStep(int from, int choice, Event e, long toFp, boolean completes) {
            int n = stepEvents.size();
            if (n == stepTargets.length) {
                int cap = Math.max(256, n * 2);
                stepTargets = java.util.Arrays.copyOf(stepTargets, cap);
                stepFrom = java.util.Arrays.copyOf(stepFrom, cap);
                stepChoice = java.util.Arrays.copyOf(stepChoice, cap);
            }
            stepTargets[n] = toFp;
            stepFrom[n] = from;
            stepChoice[n] = choice;
            stepCompletes.set(n, completes);
            stepEvents.add(e);
        }
        final List<Integer> failedTerminals = new ArrayList<>();
        final List<String> failedWhy = new ArrayList<>();
        int deadlock = -1;
        String deadlockWhy;
        long transitions;
    }

    private Result search() {
        World init = model.initial();
        long fp0 = fps.of(init);
        seen.add(fp0, 0);
        links.add(-1, -1);
        if (space != null) {
            space.addState(0, fp0);
        }
        Invariants.Broken b = Invariants.firstBroken(model, invariants, init, null);
        if (b != null) {
            return violated(0, b.invariant(), b.why());
        }
        List<World> frontier = new ArrayList<>(List.of(init));
        int[] ords = {0};
        ExecutorService pool = opts.workers() > 1 ? Executors.newFixedThreadPool(opts.workers(), daemon()) : null;
        try {
            while (!frontier.isEmpty()) {
                progress.update(links.size(), frontier.size(), depth);
                if (heapLow(0)) {
                    return limit("heap nearly full", links.size());
                }
                Level next = new Level();
                int levelStart = links.size();
                List<Chunk> chunks = expandLevel(pool, frontier, ords, next);
                Result r = afterExpansion(chunks, frontier, ords, levelStart);
                if (r != null) {
                    return r;
                }
                if (next.stop != null) {
                    return next.stop.get();
                }
                addSteps(chunks);
                if (!next.worlds.isEmpty()) {
                    depth++;
                }
                frontier = next.worlds;
                ords = java.util.Arrays.copyOf(next.ords, next.worlds.size());
            }
            return finish();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return r -> {
            Thread t = new Thread(r, "check-worker");
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Expands the level in chunks and merges each chunk, in frontier order, as soon as it and every
     * chunk before it are done: the merge overlaps the expansion of later chunks. Workers read the
     * visited set while the merge writes it; a stale read can only miss a fingerprint being added,
     * which makes a worker emit a candidate the merge then drops as seen, so the merged states, their
     * order and the verdict do not depend on timing.
     */
    private List<Chunk> expandLevel(ExecutorService pool, List<World> frontier, int[] ords, Level next) {
        int n = frontier.size();
        int parts = pool == null ? 1 : Math.max(1, Math.min(opts.workers() * 8, n / 16));
        List<Callable<Chunk>> tasks = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int lo = (int) ((long) n * p / parts);
            int hi = (int) ((long) n * (p + 1) / parts);
            tasks.add(() -> expand(frontier, ords, lo, hi));
        }
        List<Chunk> out = new ArrayList<>();
        if (pool == null) {
            try {
                out.add(tasks.get(0).call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            merge(out.get(0), next);
            return out;
        }
        List<Future<Chunk>> futures = new ArrayList<>();
        for (Callable<Chunk> t : tasks) {
            futures.add(pool.submit(t));
        }
        try {
            for (Future<Chunk> f : futures) {
                Chunk c = f.get();
                out.add(c);
                merge(c, next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OutOfMemoryError oom) {
                throw oom;
            }
            throw new IllegalStateException("a worker failed", e.getCause());
        } finally {
            for (Future<Chunk> f : futures) {
                f.cancel(true);
            }
        }
        return out;
    }

    /** Expands frontier[lo, hi): runs on a worker; reads the visited set, writes nothing shared. */
    private Chunk expand(List<World> frontier, int[] ords, int lo, int hi) {
        Chunk c = new Chunk();
        FpSet local = new FpSet(Math.max(64, (hi - lo) * 2L), false);
        for (int k = lo; k < hi; k++) {
            World w = frontier.get(k);
            List<Event> enabled = model.enabled(w);
            c.transitions += enabled.size();
            if (enabled.isEmpty()) {
                String why = Invariants.unfinished(model, w);
                if (why != null) {
                    c.failedTerminals.add(ords[k]);
                    c.failedWhy.add(why);
                    if (liveness && c.deadlock < 0) {
                        c.deadlock = k;
                        c.deadlockWhy = why;
                        break;
                    }
                }
                continue;
            }
            for (int i = 0; i < enabled.size(); i++) {
                Outcome.Next next = model.stepQuiet(w, enabled.get(i));
                long fp = fps.of(next.world());
                if (space != null) {
                    boolean completes = next.facts().get("completed") != null;
                    c.addStep(ords[k], i, enabled.get(i), fp, completes);
                }
                if (seen.contains(fp) || !local.add(fp, 0)) {
                    continue;
                }
                c.out.add(candidate(fp, w, next.world(), ords[k], i));
            }
        }
        return c;
    }

    /**
     * Checks the invariants on a new state. Its parent passed every one of them (it is on the
     * frontier), and states are immutable, so a part of an invariant whose {@link Invariant#reads}
     * did not change since the parent cannot have changed its verdict and is skipped.
     */
    private Candidate candidate(long fp, World parent, World w, int parentOrd, int choice) {
        Invariants.Broken b = Invariants.firstBroken(model, invariants, w, parent);
        return b == null ? new Candidate(fp, w, parentOrd, choice, null, null)
                : new Candidate(fp, w, parentOrd, choice, b.invariant(), b.why());
    }

    /** Counts transitions, marks failed terminal states, and reports the first deadlock in frontier order. */
    private Result afterExpansion(List<Chunk> chunks, List<World> frontier, int[] ords, int levelStart) {
        for (Chunk c : chunks) {
            transitions += c.transitions;
            for (int k = 0; space != null && k < c.failedTerminals.size(); k++) {
                space.mark(c.failedTerminals.get(k), "deadlocked: " + c.failedWhy.get(k));
            }
        }
        for (Chunk c : chunks) {
            if (c.deadlock >= 0) {
                // Chunks before this one may have been merged while it was expanded: the search
                // ends at this level, so forget what they added, as one worker would not have it.
                links.truncate(levelStart);
                if (space != null) {
                    space.truncate(levelStart);
                }
                return terminal(frontier.get(c.deadlock), ords[c.deadlock], c.deadlockWhy);
            }
        }
        return null;
    }

    /**
     * every-io-completes fails at a terminal state. As in the simulator's verdicts: with IOs still
     * pending it is a deadlock; when every IO completed and one failed, a violation.
     */
    private Result terminal(World w, int ord, String why) {
        if (model.quiescent(w)) {
            return violated(ord, Invariants.byName(Invariants.EVERY_IO_COMPLETES), why);
        }
        Trace shortest = TraceMinimizer.run(model, links.schedule(ord));
        Trace min = opts.minimise() ? TraceMinimizer.minimise(model, shortest.events(), TraceMinimizer.deadlocks()) : shortest;
        exportGraph();
        return new Result.Deadlocked(why, shortest, min, stats());
    }

    /** The next frontier as the merge builds it, and what stopped the merge, if anything. */
    private static final class Level {
        final List<World> worlds = new ArrayList<>();
        int[] ords = new int[1024];
        java.util.function.Supplier<Result> stop;
        boolean deadlocked;

        void add(World w, int ord) {
            if (worlds.size() == ords.length) {
                ords = java.util.Arrays.copyOf(ords, ords.length * 2);
            }
            ords[worlds.size()] = ord;
            worlds.add(w);
        }
    }

    /**
     * Adds one chunk's candidates to the visited set (one thread, chunks in frontier order). A
     * violation or a limit stops the level's merge; it is reported after the whole level was
     * expanded, since a deadlock anywhere in the level comes first.
     */
    private void merge(Chunk c, Level next) {
        // A deadlock in this or an earlier chunk ends the search in afterExpansion: nothing after it counts.
        next.deadlocked |= c.deadlock >= 0;
        if (next.stop != null || next.deadlocked) {
            return;
        }
        for (Candidate cand : c.out) {
            if (seen.needsGrowth() || (links.size() & 1023) == 0) {
                if (heapLow(seen.growthBytes())) {
                    long covered = links.size();
                    next.stop = () -> limit("heap nearly full", covered);
                    return;
                }
            }
            int ord = links.size();
            if (!seen.add(cand.fp(), ord)) {
                continue;
            }
            links.add(cand.parent(), cand.choice());
            if (space != null) {
                space.addState(ord, cand.fp());
            }
            if (cand.broken() != null) {
                next.stop = () -> {
                    depth++;
                    return violated(ord, cand.broken(), cand.why());
                };
                return;
            }
            next.add(cand.world(), ord);
            if (links.size() >= opts.maxStates() || links.full()) {
                next.stop = () -> {
                    depth++;
                    return limit(links.full() ? "2^27 states (predecessor links are full)" : "maxStates " + opts.maxStates(), links.size());
                };
                return;
            }
        }
    }

    /** Records this level's steps in the graph now that every target has an ordinal; drops the graph past its limit. */
    private void addSteps(List<Chunk> chunks) {
        if (space == null) {
            return;
        }
        if (links.size() > opts.graphLimit()) {
            space = null;
            seen.dropValues();
            livenessNote = liveness ? "deadlocks only: livelocks need the graph, which stops at " + opts.graphLimit() + " states"
                    : livenessNote;
            return;
        }
        for (Chunk c : chunks) {
            for (int k = 0; k < c.stepEvents.size(); k++) {
                int to = seen.get(c.stepTargets[k]);
                space.addStep(new StateSpace.Step(c.stepFrom[k], to, c.stepChoice[k], c.stepEvents.get(k), c.stepCompletes.get(k)));
            }
        }
    }

    /**
     * True when less than {@code minFreeHeap} (plus what the next table growth needs) is left. The
     * used figure counts garbage too, so before giving up ask for one collection (at most every
     * million states) and look again.
     */
    private boolean heapLow(long extra) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (free >= opts.minFreeHeap() + extra) {
            return false;
        }
        if (links.size() - lastGc < 1_000_000 && lastGc > 0) {
            return true;
        }
        lastGc = links.size();
        System.gc();
        free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return free < opts.minFreeHeap() + extra;
    }

    private Result violated(int ord, Invariant inv, String why) {
        if (space != null) {
            space.mark(ord, "violated " + inv.name() + ": " + why);
        }
        Trace shortest = TraceMinimizer.run(model, links.schedule(ord));
        TraceMinimizer.Goal goal = inv.kind() == Invariant.Kind.LIVENESS ? TraceMinimizer.endsFailed() : TraceMinimizer.violates(inv);
        Trace min = opts.minimise() ? TraceMinimizer.minimise(model, shortest.events(), goal) : shortest;
        exportGraph();
        return new Result.Violated(inv.name(), why, shortest, min, stats());
    }

    private Result limit(String reason, long covered) {
        exportGraph();
        return new Result.LimitReached(reason, covered, depth, stats());
    }

    /** The search is complete: look for livelocks in the kept graph, export it, pass. */
    private Result finish() {
        Result r = null;
        if (liveness && space != null && heapLow(space.graphBytes())) {
            livenessNote = "deadlocks only: not enough heap for the cycle search over " + space.states() + " states";
        } else if (liveness && space != null) {
            int[] cycle = space.livelockCycle();
            if (cycle != null) {
                Trace prefix = TraceMinimizer.run(model, links.schedule(cycle[0]));
                World entry = TraceMinimizer.endOf(model, prefix.schedule());
                Trace loop = space.walkCycle(model, fps, entry, cycle);
                String why = "after " + prefix.size() + " steps, a cycle of " + loop.size()
                        + " steps repeats forever without completing an IO";
                r = new Result.Livelock(prefix, loop, why, stats());
            }
        }
        exportGraph();
        return r != null ? r : new Result.Passed(stats());
    }

    private void exportGraph() {
        if (opts.graph() != null) {
            if (space != null) {
                space.export(opts.graph());
            } else if (opts.progress() != null) {
                opts.progress().println("graph not written: more than " + opts.graphLimit() + " states");
            }
        }
    }

    private Stats stats() {
        long ms = progress.elapsedMillis();
        long n = links.size();
        double rate = n * 1000.0 / Math.max(1, ms);
        double bytes = (seen.bytes() + links.bytes()) / (double) Math.max(1, n);
        return new Stats(n, transitions, depth, ms, rate, bytes, opts.workers(), fps.describe(), livenessNote);
    }
}
