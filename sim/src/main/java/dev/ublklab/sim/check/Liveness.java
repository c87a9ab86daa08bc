package dev.ublklab.sim.check;

import dev.ublklab.model.Model;
import dev.ublklab.model.World;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * every-io-completes beyond terminal states, and the state graph it needs: the checker records
 * states and steps here while the graph is kept ({@link StateSpace}), and asks for a livelock
 * (a cycle that completes no IO) when the search is complete. The graph is kept only up to
 * {@code graphLimit} states; past it, or when the heap runs short, it is dropped for good and
 * {@link #note} says what liveness was still checked.
 */
final class Liveness {
    /** Whether every-io-completes is checked at all. */
    private final boolean checked;
    private final int graphLimit;
    /** The kept graph, or null once it is not (or never was) kept. */
    private StateSpace space;
    private String note;

    /** Of the liveness invariants only teardown-completes is checked (a lifecycle run). */
    private final boolean teardownOnly;

    Liveness(boolean checked, boolean wantGraph, int graphLimit, boolean teardownOnly) {
        this.checked = checked;
        this.teardownOnly = teardownOnly;
        this.graphLimit = graphLimit;
        boolean keep = (checked || wantGraph) && graphLimit > 0;
        this.space = keep ? new StateSpace() : null;
        this.note = checked ? (keep ? "deadlocks and livelocks" : "deadlocks only (graph limit 0)") : "not checked";
    }

    boolean checked() {
        return checked;
    }

    /** Why terminal state {@code w} fails the checked liveness invariant, or null. */
    String unfinished(Model model, World w) {
        return teardownOnly ? dev.ublklab.model.Invariants.teardownUnfinished(model, w)
                : dev.ublklab.model.Invariants.unfinished(model, w);
    }

    /** Whether steps are recorded: constant within a level (the graph is dropped only between levels). */
    boolean keepsGraph() {
        return space != null;
    }

    /** What liveness covers, for {@link Stats#liveness}. */
    String note() {
        return note;
    }

    void addState(int ordinal, long fp) {
        if (space != null) {
            space.addState(ordinal, fp);
        }
    }

    void mark(int ordinal, String what) {
        if (space != null) {
            space.mark(ordinal, what);
        }
    }

    void truncate(int n) {
        if (space != null) {
            space.truncate(n);
        }
    }

    /** The heap ran out: the graph goes first. */
    void dropForMemory() {
        space = null;
    }

    /**
     * Records a level's steps now that every target has an ordinal in {@code seen}; drops the
     * graph (and the ordinals {@code seen} keeps for it) once {@code states} passes the limit.
     */
    void addSteps(List<LevelMerge.Chunk> chunks, OffHeapFpSet seen, int states) {
        if (space == null) {
            return;
        }
        if (states > graphLimit) {
            space = null;
            seen.dropValues();
            if (checked) {
                note = "deadlocks only: livelocks need the graph, which stops at " + graphLimit + " states";
            }
            return;
        }
        for (LevelMerge.Chunk c : chunks) {
            for (int k = 0; k < c.stepEvents.size(); k++) {
                int to = seen.get(c.stepTargets[k]);
                space.addStep(new StateSpace.Step(c.stepFrom[k], to, c.stepChoice[k], c.stepEvents.get(k), c.stepCompletes.get(k)));
            }
        }
    }

    /** Bytes the cycle search needs, or 0 when there is no graph. */
    long cycleSearchBytes() {
        return space == null ? 0 : space.graphBytes();
    }

    /** The cycle search will not run: say why in the note. */
    void skipCycleSearch() {
        note = "deadlocks only: not enough heap for the cycle search over " + space.states() + " states";
    }

    /**
     * A lasso that never completes an IO, or null: the search was complete and the graph kept.
     * The prefix is the shortest run to the cycle's first state, replayed from the initial state;
     * the cycle is walked from where the prefix ends.
     */
    CheckResult.Livelock livelock(Model model, Fingerprints fps, Links links, Stats stats) {
        if (!checked || space == null) {
            return null;
        }
        int[] cycle = space.livelockCycle();
        if (cycle == null) {
            return null;
        }
        Counterexample prefix = TraceMinimizer.run(model, links.schedule(cycle[0]));
        World entry = TraceMinimizer.endOf(model, prefix.schedule());
        Counterexample loop = space.walkCycle(model, fps, entry, cycle);
        String why = "after " + prefix.size() + " steps, a cycle of " + loop.size()
                + " steps repeats forever without completing an IO";
        if (dev.ublklab.model.Invariants.teardownBegun(model, entry)) {
            why = dev.ublklab.model.Invariants.TEARDOWN_COMPLETES + ": teardown began, then " + why;
        } else if (teardownOnly) {
            note += "; a cycle before teardown began was not judged (only teardown-completes is checked)";
            return null;
        }
        return new CheckResult.Livelock(prefix, loop, why, stats);
    }

    /** Writes the graph to {@code path} (if asked), or says on {@code progress} why not. */
    void export(Path path, PrintStream progress) {
        if (path == null) {
            return;
        }
        if (space != null) {
            space.export(path);
        } else if (progress != null) {
            progress.println("graph not written: more than " + graphLimit + " states");
        }
    }
}
