package dev.ublklab.sim.check;

import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import dev.ublklab.model.Model;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.World;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * The exhaustive checker: breadth-first search over every enabled step, on canonical states.
 *
 * <p>Search (this class). Level by level: the frontier (concrete states, each the exact state its
 * predecessor links replay to) is cut into contiguous chunks that workers expand in parallel,
 * reading the visited set but never writing it (a read that races the merge can only miss a new
 * entry). One thread merges the chunks in frontier order ({@link LevelMerge}), each as soon as it
 * and the chunks before it are done, while later chunks are still being expanded. The merge sees
 * successors in exactly the order one worker would have produced them, so the distinct states,
 * the depth, the violations and their traces are the same for any number of workers.
 *
 * <p>Storage. The visited set holds 64-bit fingerprints only, off the heap ({@link OffHeapFpSet}); counterexamples are
 * rebuilt from predecessor links ({@link Links}: parent ordinal and choice index) by replaying
 * the choices from the initial state. Small spaces also keep the state graph for livelocks and
 * export ({@link Liveness}).
 *
 * <p>Verdicts. Safety and correctness invariants are checked at every state; every-io-completes
 * at terminal states ({@link Invariants#unfinished}) and, when the graph was kept, on cycles that
 * complete no IO. {@link #check} stops at the shallowest failure; at equal depth a deadlock found
 * while expanding comes before a violation found among the successors. {@link #checkAll} keeps
 * exploring (violating states too) and reports each invariant's shallowest failure: the same
 * length as checking that invariant alone, since the shallowest state that breaks it is not
 * reached through another that does.
 */
public final class Checker {
    private final Model model;
    private final Options opts;
    private final List<Invariant> invariants;
    private final Fingerprints fps;
    private final OffHeapFpSet seen;
    private final Links links = new Links();
    private final Liveness liveness;
    private final HeapGuard heap;
    private final Progress progress;
    /** Null: stop at the first failure ({@link #check}); else every invariant's first ({@link #checkAll}). */
    private final Findings.Collector findings;
    private final LevelMerge levels;
    private long transitions;
    /** BFS levels completed so far. */
    private int depth;

    private Checker(Model model, Options opts, boolean all) {
        this.model = model;
        this.opts = opts;
        this.invariants = applicable(model, opts.invariants());
        boolean everyIo = invariants.stream().anyMatch(i -> i.name().equals(Invariants.EVERY_IO_COMPLETES));
        // teardown-completes is about the lifecycle's teardown: vacuous for the simplified kernel.
        boolean teardown = model.lifecycle() != null
                && invariants.stream().anyMatch(i -> i.name().equals(Invariants.TEARDOWN_COMPLETES));
        this.fps = new Fingerprints(model, opts.symmetry());
        this.liveness = new Liveness(everyIo || teardown, opts.graph() != null, opts.graphLimit(), teardown && !everyIo);
        this.seen = new OffHeapFpSet(Math.min(opts.maxStates(), 1 << 16), liveness.keepsGraph());
        this.heap = new HeapGuard(links, opts.minFreeHeap());
        this.progress = new Progress(opts.progress(), opts.progressMillis());
        this.findings = all ? new Findings.Collector() : null;
        this.levels = new LevelMerge(model, fps, seen, links, liveness, invariants, findings, heap, opts.maxStates());
    }

    /** Checks every state reachable in {@code model}. Never throws OutOfMemoryError: a full heap ends in LimitReached. */
    public static CheckResult check(Model model, Options opts) {
        Checker c = new Checker(model, opts, false);
        try (Progress p = c.progress) {
            return c.search();
        } catch (OutOfMemoryError e) {
            c.liveness.dropForMemory();
            return c.limit("out of memory", c.links.size());
        }
    }

    /**
     * Checks every state reachable in {@code model} against every invariant at once: exploring
     * goes on after a violation, and each broken invariant is reported with its shortest
     * (minimised) counterexample, the same as {@link #check} of that invariant alone.
     */
    public static Findings checkAll(Model model, Options opts) {
        Checker c = new Checker(model, opts, true);
        CheckResult end;
        try (Progress p = c.progress) {
            end = c.search();
        } catch (OutOfMemoryError e) {
            c.liveness.dropForMemory();
            end = c.limit("out of memory", c.links.size());
        }
        return c.findings(end);
    }

    /** Invariants that only the mainline lifecycle's states can break (vacuous, and not listed, elsewhere). */
    private static boolean lifecycleOnly(Invariant i) {
        return i.name().equals(Invariants.NO_USE_AFTER_FREE) || i.name().equals(Invariants.TEARDOWN_COMPLETES);
    }

    /**
     * The invariants to check: the named ones, or by default every safety and liveness invariant,
     * plus the correctness ones when the server is the correct one or the adversarial one (whose
     * accepted actions taint what they touch: correctness is judged on the untainted IOs, see
     * Taint in the model); a script's own plans may do anything, so they get safety and liveness.
     */
    public static List<Invariant> applicable(Model model, List<String> names) {
        List<Invariant> out = new ArrayList<>();
        if (names != null) {
            for (String n : names) {
                Invariant i = Invariants.byName(n);
                if (i == null) {
                    throw new IllegalArgumentException("unknown invariant " + n + "; known: " + Invariants.names());
                }
                if (!lifecycleOnly(i) || model.lifecycle() != null) {
                    out.add(i);   // a lifecycle-only invariant is vacuous without the lifecycle: not listed as held
                }
            }
            return out;
        }
        boolean correct = switch (model.setup().server()) {
            case ServerSpec.Correct c -> true;
            case ServerSpec.Script s -> s.plans().stream().allMatch(p -> p == null);
            case ServerSpec.Adversarial a -> true;
        };
        for (Invariant i : Invariants.ALL) {
            if (lifecycleOnly(i) && model.lifecycle() == null) {
                continue;   // vacuous without the mainline lifecycle: not listed as held
            }
            if (i.kind() != Invariant.Kind.CORRECTNESS || correct) {
                out.add(i);
            }
        }
        return out;
    }

    private CheckResult search() {
        World init = model.initial();
        long fp0 = fps.of(init);
        seen.add(fp0, 0);
        links.add(-1, -1);
        liveness.addState(0, fp0);
        for (Invariants.Broken b : levels.verdicts(init, null)) {
            if (findings == null) {
                return violated(0, b.invariant(), b.why());
            }
            findings.violated(0, b);
        }
        List<World> frontier = new ArrayList<>(List.of(init));
        int[] ords = {0};
        ExecutorService pool = opts.workers() > 1 ? Executors.newFixedThreadPool(opts.workers(), daemon()) : null;
        try {
            while (!frontier.isEmpty()) {
                progress.update(links.size(), frontier.size(), depth);
                if (heap.low(0)) {
                    return limit("heap nearly full", links.size());
                }
                LevelMerge.Level next = new LevelMerge.Level(opts.packedFrontier());
                int levelStart = links.size();
                List<LevelMerge.Chunk> chunks = expandLevel(pool, frontier, ords, next);
                CheckResult r = afterExpansion(chunks, frontier, ords, levelStart);
                if (r != null) {
                    return r;
                }
                if (next.stop != null) {
                    return stopped(next.stop);
                }
                liveness.addSteps(chunks, seen, links.size());
                if (!next.worlds.isEmpty()) {
                    depth++;
                }
                frontier = next.worlds;
                ords = Arrays.copyOf(next.ords, next.worlds.size());
            }
            return finish();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static ThreadFactory daemon() {
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
    private List<LevelMerge.Chunk> expandLevel(ExecutorService pool, List<World> frontier, int[] ords, LevelMerge.Level next) {
        int n = frontier.size();
        List<LevelMerge.Chunk> out = new ArrayList<>();
        if (pool == null) {
            out.add(levels.expand(frontier, ords, 0, n));
            levels.merge(out.get(0), next);
            return out;
        }
        int parts = Math.max(1, Math.min(opts.workers() * 8, n / 16));
        List<Future<LevelMerge.Chunk>> futures = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            int lo = (int) ((long) n * p / parts);
            int hi = (int) ((long) n * (p + 1) / parts);
            Callable<LevelMerge.Chunk> task = () -> levels.expand(frontier, ords, lo, hi);
            futures.add(pool.submit(task));
        }
        try {
            for (Future<LevelMerge.Chunk> f : futures) {
                LevelMerge.Chunk c = f.get();
                out.add(c);
                levels.merge(c, next);
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
            for (Future<LevelMerge.Chunk> f : futures) {
                f.cancel(true);
            }
        }
        return out;
    }

    /**
     * Counts transitions, marks failed terminal states, and handles the first deadlock in frontier
     * order: it ends {@link #check}; {@link #checkAll} records it and goes on.
     */
    private CheckResult afterExpansion(List<LevelMerge.Chunk> chunks, List<World> frontier, int[] ords, int levelStart) {
        for (LevelMerge.Chunk c : chunks) {
            transitions += c.transitions;
            for (int k = 0; k < c.failedTerminals.size(); k++) {
                liveness.mark(c.failedTerminals.get(k), "deadlocked: " + c.failedWhy.get(k));
            }
        }
        for (LevelMerge.Chunk c : chunks) {
            if (c.deadlock < 0) {
                continue;
            }
            World w = frontier.get(c.deadlock);
            if (findings != null) {
                findings.terminal(ords[c.deadlock], c.deadlockWhy, model.quiescent(w));
                return null;
            }
            // Chunks before this one may have been merged while it was expanded: the search
            // ends at this level, so forget what they added, as one worker would not have it.
            links.truncate(levelStart);
            liveness.truncate(levelStart);
            return terminal(w, ords[c.deadlock], c.deadlockWhy);
        }
        return null;
    }

    /** What stopped a level's merge, as the result; a stop with new states counts their level. */
    private CheckResult stopped(LevelMerge.Stop stop) {
        return switch (stop) {
            case LevelMerge.Stop.Violation v -> {
                depth++;
                yield violated(v.ord(), v.broken().invariant(), v.broken().why());
            }
            case LevelMerge.Stop.Limit l -> {
                if (l.deeper()) {
                    depth++;
                }
                yield limit(l.reason(), l.covered());
            }
        };
    }

    /**
     * every-io-completes fails at a terminal state. As in the simulator's verdicts: with IOs still
     * pending it is a deadlock; when every IO completed and one failed, a violation.
     */
    private CheckResult terminal(World w, int ord, String why) {
        CheckResult r = terminalResult(ord, why, model.quiescent(w));
        exportGraph();
        return r;
    }

    private CheckResult terminalResult(int ord, String why, boolean quiescent) {
        if (quiescent) {
            return violatedResult(ord, Invariants.byName(CheckResult.liveness(why)), why);
        }
        Counterexample shortest = TraceMinimizer.run(model, links.schedule(ord));
        Counterexample min = opts.minimise() ? TraceMinimizer.minimise(model, shortest.events(), TraceMinimizer.deadlocks()) : shortest;
        return new CheckResult.Deadlocked(why, shortest, min, stats());
    }

    private CheckResult violated(int ord, Invariant inv, String why) {
        CheckResult r = violatedResult(ord, inv, why);
        exportGraph();
        return r;
    }

    private CheckResult violatedResult(int ord, Invariant inv, String why) {
        liveness.mark(ord, "violated " + inv.name() + ": " + why);
        Counterexample shortest = TraceMinimizer.run(model, links.schedule(ord));
        TraceMinimizer.Goal goal = inv.kind() == Invariant.Kind.LIVENESS ? TraceMinimizer.endsFailed() : TraceMinimizer.violates(inv);
        Counterexample min = opts.minimise() ? TraceMinimizer.minimise(model, shortest.events(), goal) : shortest;
        return new CheckResult.Violated(inv.name(), why, shortest, min, stats());
    }

    private CheckResult limit(String reason, long covered) {
        if (findings == null) {
            exportGraph();   // checkAll exports once its counterexamples are marked
        }
        return new CheckResult.LimitReached(reason, covered, depth, stats());
    }

    /** The search is complete: look for livelocks in the kept graph (unless every-io-completes already broke), export it, pass. */
    private CheckResult finish() {
        CheckResult.Livelock r = null;
        boolean wanted = findings == null || !findings.has(Invariants.EVERY_IO_COMPLETES);
        if (wanted && liveness.checked() && liveness.keepsGraph() && heap.low(liveness.cycleSearchBytes())) {
            liveness.skipCycleSearch();
        } else if (wanted) {
            r = liveness.livelock(model, fps, links, stats());
        }
        if (findings != null) {
            findings.livelock(r);
            return new CheckResult.Passed(stats());
        }
        exportGraph();
        return r != null ? r : new CheckResult.Passed(stats());
    }

    /** {@link #checkAll}'s report: a result per broken invariant, the rest held; {@code end} is how the search ended. */
    private Findings findings(CheckResult end) {
        List<CheckResult> broken = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (Findings.Found f : findings.inOrder(invariants)) {
            broken.add(f.livelock() != null ? f.livelock() : f.terminal() ? terminalResult(f.ord(), f.why(), f.quiescent())
                    : violatedResult(f.ord(), f.invariant(), f.why()));
        }
        for (Invariant i : invariants) {
            if (!findings.has(i.name())) {
                held.add(i.name());
            }
        }
        exportGraph();
        return new Findings(broken, held, end);
    }

    private void exportGraph() {
        liveness.export(opts.graph(), opts.progress());
    }

    private Stats stats() {
        long ms = progress.elapsedMillis();
        long n = links.size();
        double rate = n * 1000.0 / Math.max(1, ms);
        double bytes = (seen.bytes() + links.bytes()) / (double) Math.max(1, n);
        return new Stats(n, transitions, depth, ms, rate, bytes, opts.workers(), fps.describe(), liveness.note());
    }
}
