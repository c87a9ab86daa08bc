package dev.ublklab.sim.check;

import static dev.ublklab.sim.check.Setups.io;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Action;
import dev.ublklab.model.Event;
import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import dev.ublklab.model.Model;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.World;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Violations, deadlocks, livelocks and limits on hand-built setups, with their traces replayed. */
class CheckerVerdictTest {

    /** Replays a schedule with Model.enabled / step and checks it takes exactly the trace's events. */
    private static World replay(Model m, Counterexample t) {
        World w = m.initial();
        for (int k = 0; k < t.size(); k++) {
            List<Event> en = m.enabled(w);
            Event e = en.get(t.schedule().get(k));
            assertEquals(t.events().get(k), e, "step " + k);
            w = m.step(w, e).world();
        }
        return w;
    }

    /**
     * A script that commits -5 (-EIO) for a READ after a correct transfer: the IO completes with an
     * error, so the terminal state breaks every-io-completes (every IO completed, one failed: a
     * violation, as the simulator calls it). Shortest: submit, allocTag, queueRq, taskWork, fetch,
     * issue, execute, cqe, issue(commit), releasePages = 10 steps.
     */
    @Test
    void failedReadBreaksEveryIoCompletes() {
        Model m = new Model(Setups.scripted(Setups.copy(2), List.of(new Action.Transfer(), new Action.Commit(-5)),
                io("r1", ReqOp.READ, 0)));
        CheckResult r = Checker.check(m, Options.defaults());
        CheckResult.Violated v = assertInstanceOf(CheckResult.Violated.class, r, r.headline());
        assertEquals(Invariants.EVERY_IO_COMPLETES, v.invariant());
        assertEquals(10, v.shortest().size());
        World end = replay(m, v.shortest());
        assertTrue(m.enabled(end).isEmpty());
        assertNotNull(Invariants.unfinished(m, end));
        assertTrue(v.explanation().contains("EIO"), v.explanation());
        assertNotNull(Invariants.unfinished(m, replay(m, v.minimised())));
        assertTrue(v.minimised().size() <= v.shortest().size());
    }

    /**
     * A server that waits for an IO that can only complete after it: r1's plan waits for r2, and
     * r2 is submitted only after r1 (in order, depth 1): r2 never gets the tag. A deadlock.
     */
    @Test
    void waitingForALaterIoDeadlocks() {
        List<List<Action>> plans = new java.util.ArrayList<>();
        plans.add(List.of(new Action.WaitFor("r2"), new Action.Transfer(), new Action.Commit(null)));
        plans.add(null);
        Model m = new Model(new dev.ublklab.model.Setup(Setups.copy(1), List.of(io("r1", ReqOp.READ, 0), io("r2", ReqOp.READ, 8)),
                new dev.ublklab.model.ServerSpec.Script(plans, 0), List.of(), true));
        CheckResult r = Checker.check(m, Options.defaults());
        CheckResult.Deadlocked d = assertInstanceOf(CheckResult.Deadlocked.class, r, r.headline());
        World end = replay(m, d.shortest());
        assertTrue(m.enabled(end).isEmpty());
        assertFalse(m.quiescent(end));
        World endMin = replay(m, d.minimised());
        assertTrue(m.enabled(endMin).isEmpty());
        assertFalse(m.quiescent(endMin));
    }

    /**
     * A script that commits 8192 for a 4096-byte READ: ublk_unmap_io's WARN_ON_ONCE(io->res >
     * rq_bytes) fires at the commit, 9 steps in (the commit is the ninth event).
     */
    @Test
    void oversizedCommitWarns() {
        Model m = new Model(Setups.scripted(Setups.copy(1), List.of(new Action.Transfer(), new Action.Commit(8192)),
                io("r1", ReqOp.READ, 0)));
        CheckResult r = Checker.check(m, Options.defaults());
        CheckResult.Violated v = assertInstanceOf(CheckResult.Violated.class, r, r.headline());
        assertEquals("no-kernel-warn", v.invariant());
        assertEquals(9, v.shortest().size());
        World end = replay(m, v.shortest());
        assertNotNull(Invariants.byName("no-kernel-warn").explain(m, end));
        assertNull(Invariants.byName("no-kernel-warn").explain(m, replay(m, new Counterexample(
                v.shortest().events().subList(0, 8), v.shortest().schedule().subList(0, 8)))));
        assertNotNull(Invariants.byName("no-kernel-warn").explain(m, replay(m, v.minimised())));
    }

    /**
     * r1 is served correctly, r2's commit is oversized; IOs may be submitted in any order. The
     * run that always takes the first enabled event serves r1 to the end before r2 starts; the
     * minimiser drops all of r1 and keeps r2's 9 steps to the warning.
     */
    @Test
    void minimiserShrinksALongRun() {
        List<List<Action>> plans = new java.util.ArrayList<>();
        plans.add(null);
        plans.add(List.of(new Action.Transfer(), new Action.Commit(8192)));
        Model m = new Model(new dev.ublklab.model.Setup(Setups.copy(2), List.of(io("r1", ReqOp.READ, 0), io("r2", ReqOp.READ, 8)),
                new dev.ublklab.model.ServerSpec.Script(plans, 0), List.of(), false));
        Invariant warn = Invariants.byName("no-kernel-warn");
        List<Event> run = new java.util.ArrayList<>();
        World w = m.initial();
        while (warn.explain(m, w) == null) {
            Event first = m.enabled(w).get(0);
            run.add(first);
            w = m.step(w, first).world();
        }
        Counterexample min = TraceMinimizer.minimise(m, run, TraceMinimizer.violates(warn));
        assertTrue(run.size() > 15, "the long run has " + run.size() + " steps");
        assertEquals(9, min.size());
        assertNotNull(warn.explain(m, replay(m, min)));
    }

    /** The same violations with and without symmetry, with 1 and 2 workers. */
    @Test
    void verdictsDoNotDependOnSymmetryOrWorkers() {
        Model m = new Model(Setups.scripted(Setups.copy(3), List.of(new Action.Transfer(), new Action.Commit(8192)),
                io("r1", ReqOp.READ, 0), io("r2", ReqOp.READ, 8)));
        for (boolean sym : new boolean[] {true, false}) {
            for (int workers : new int[] {1, 2}) {
                CheckResult r = Checker.check(m, Options.defaults().withSymmetry(sym).withWorkers(workers));
                CheckResult.Violated v = assertInstanceOf(CheckResult.Violated.class, r, r.headline());
                assertEquals("no-kernel-warn", v.invariant());
                assertEquals(9, v.shortest().size());
            }
        }
    }

    /**
     * A WRITE committed with result 0 is requeued (blk_update_request moved 0 bytes) and fetched
     * again (ublk_complete_rq in v6.1 ends only what blk_update_request completed). With one
     * hardware queue mq-deadline gives the driver tag back at the requeue, so fetch, issue(commit
     * 0), allocTag, queueRq, taskWork return to the same state forever but for the tag's ghost
     * generation, which the checker counts relative to the tag's current one. The lasso: submit,
     * allocTag, queueRq, taskWork, then that 5-step cycle.
     */
    @Test
    void zeroByteWriteCommitLivelocks(@TempDir Path dir) throws Exception {
        Model m = new Model(Setups.scripted(Setups.copy(1), List.of(new Action.Commit(0)), io("w1", ReqOp.WRITE, 0)));
        Path dot = dir.resolve("space.dot");
        CheckResult r = Checker.check(m, Options.defaults().withGraph(dot));
        CheckResult.Livelock l = assertInstanceOf(CheckResult.Livelock.class, r, r.headline());
        World entry = replay(m, l.prefix());
        World w = entry;
        for (int k = 0; k < l.cycle().size(); k++) {
            w = m.step(w, m.enabled(w).get(l.cycle().schedule().get(k))).world();
        }
        assertEquals(new Fingerprints(m, false).of(entry), new Fingerprints(m, false).of(w));
        assertEquals(entry.queue(0).rqs().get(0).generation() + 1, w.queue(0).rqs().get(0).generation());
        assertEquals(4, l.prefix().size());
        assertEquals(5, l.cycle().size());
        assertTrue(Files.readString(dot).contains("->"));
    }

    /** Symmetric correct setups pass with and without symmetry, and the reduced space is smaller. */
    @Test
    void correctServerPassesEitherWay() {
        Model m = new Model(Setups.correct(Setups.copy(2), 0, io("r1", ReqOp.READ, 0), io("w1", ReqOp.WRITE, 8)));
        CheckResult with = Checker.check(m, Options.defaults());
        CheckResult without = Checker.check(m, Options.defaults().withSymmetry(false));
        assertInstanceOf(CheckResult.Passed.class, with, with.headline());
        assertInstanceOf(CheckResult.Passed.class, without, without.headline());
        assertTrue(with.stats().distinct() < without.stats().distinct());
        assertEquals(with.stats().depth(), without.stats().depth());
    }

    @Test
    void maxStatesStopsCleanly() {
        Model m = new Model(Setups.correct(Setups.copy(2), 0, io("r1", ReqOp.READ, 0), io("w1", ReqOp.WRITE, 8)));
        CheckResult r = Checker.check(m, Options.defaults().withMaxStates(50));
        CheckResult.LimitReached l = assertInstanceOf(CheckResult.LimitReached.class, r, r.headline());
        assertEquals(50, l.covered());
    }

    /** A heap that is always "nearly full" stops the search at once, cleanly, with what it covered. */
    @Test
    void lowHeapStopsCleanly() {
        Model m = new Model(Setups.correct(Setups.copy(2), 0, io("r1", ReqOp.READ, 0), io("w1", ReqOp.WRITE, 8)));
        CheckResult r = Checker.check(m, Options.defaults().withMinFreeHeap(Long.MAX_VALUE / 4));
        CheckResult.LimitReached l = assertInstanceOf(CheckResult.LimitReached.class, r, r.headline());
        assertTrue(l.reason().contains("heap"), l.reason());
        assertTrue(l.covered() >= 1);
    }

    /** Progress lines go to the given stream while the search runs (TLC-like). */
    @Test
    void progressIsPrinted() {
        Model m = new Model(new dev.ublklab.model.Setup(Setups.copy(1, 3, dev.ublklab.model.TagPolicy.ANY),
                List.of(io("r1", ReqOp.READ, 0), io("w1", ReqOp.WRITE, 8), io("r2", ReqOp.READ, 8)),
                new dev.ublklab.model.ServerSpec.Correct(0), List.of(), false));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        CheckResult r = Checker.check(m, Options.defaults().withSymmetry(false).withProgress(out, 20));
        assertInstanceOf(CheckResult.Passed.class, r, r.headline());
        if (r.stats().millis() > 200) {
            assertTrue(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).contains("distinct states"));
        }
    }

    @Test
    void graphExportMarksTheViolation(@TempDir Path dir) throws Exception {
        Model m = new Model(Setups.scripted(Setups.copy(1), List.of(new Action.Transfer(), new Action.Commit(8192)),
                io("r1", ReqOp.READ, 0)));
        Path gml = dir.resolve("space.graphml");
        Checker.check(m, Options.defaults().withGraph(gml));
        String text = Files.readString(gml);
        assertTrue(text.contains("violated no-kernel-warn"), text);
    }
}
