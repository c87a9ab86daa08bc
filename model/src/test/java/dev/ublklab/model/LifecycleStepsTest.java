package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.IoState.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle's events and guards, one by one, at 6.14 and 6.16 (line numbers of each version's
 * ublk_drv.c, shared/docs/mainline-lifecycle.md §2).
 */
class LifecycleStepsTest {
    static Model model(KernelVersion k, Variant v, int depth, int rings, LcRecovery rec, IoSpec... ios) {
        Config c = new Config(1, depth, v, 16, 1, 4096, 512, 524288, TagPolicy.ANY, Recovery.OFF, 64, k);
        Setup s = new Setup(c, List.of(ios), new ServerSpec.Correct(0), List.of(0), false,
                new LcSetup(rec, rings, false, 1, List.of(0), 1, 0, 1, true));
        return new Model(s);
    }

    static Model model(KernelVersion k) {
        return model(k, Variant.COPY, 1, 1, LcRecovery.OFF, Fixtures.io("r1", ReqOp.READ, 0, 4096));
    }

    static World apply(Model m, World w, Event e) {
        Outcome o = m.apply(w, e);
        assertTrue(o instanceof Outcome.Next, e + " not enabled: " + m.enabled(w));
        return ((Outcome.Next) o).world();
    }

    static int field(Model m, World w, int offset) {
        return w.life().get(offset);
    }

    static int io(Model m, World w, int t, int f) {
        return w.life().get(m.lifecycle().layout.io(0, t) + f);
    }

    /** r1 submitted, on tag 0, through the whole of ublk_queue_rq (three steps). */
    static World queued(Model m) {
        World w = apply(m, m.initial(), new Event.Submit(0));
        w = apply(m, w, new Event.AllocTag(0, 0, 0));
        for (int i = 0; i < 3; i++) {
            w = apply(m, w, new Event.QueueRq(0, 0, 0));
        }
        return w;
    }

    @Test
    void liveSetupStartsWithEveryTagFetchedAndCancelable() {
        Model m = model(KernelVersion.V6_14);
        World w = m.initial();
        assertEquals(IoSlot.ACTIVE, io(m, w, 0, Life.I_FLAGS));
        assertEquals(Life.CANCELABLE, w.life().get(m.lifecycle().layout.cmd(0) + Life.C_STATE));
        assertEquals(Life.LIVE, field(m, w, Life.D_STATE));
        for (Invariant inv : Invariants.ALL) {
            assertNull(inv.explain(m, w), inv.name());
        }
    }

    @Test
    void queueRqStartsAfterTheCancelingTestAt614AndBeforeItAt616() {
        // 6.14 L1319 reads canceling, L1324 starts; 6.16 L1397 starts, L1417 reads canceling.
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Model m = model(k);
            World w = apply(m, m.initial(), new Event.Submit(0));
            w = apply(m, w, new Event.AllocTag(0, 0, 0));
            w = apply(m, w, new Event.QueueRq(0, 0, 0));
            boolean started = w.life().get(m.lifecycle().layout.rq(0) + Life.R_STATE) == Life.IN_FLIGHT;
            assertEquals(k == KernelVersion.V6_16, started, k.id());
        }
    }

    @Test
    void queueRqQueuesTaskWorkOnItsTagsCommand() {
        // 6.14 ublk_queue_cmd L1242-1251 (empty llist: task work on io[tag].cmd); 6.16 L1322-1329.
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Model m = model(k);
            World w = queued(m);
            int tw = w.life().get(m.lifecycle().layout.cmd(0) + Life.C_TW);
            assertEquals(k == KernelVersion.V6_14 ? Life.TW_FORWARD : Life.TW_DISPATCH, tw, k.id());
            assertTrue(m.enabled(w).contains(new Event.TaskWorkRun(0)));
        }
    }

    @Test
    void dispatchCompletesTheFetchCommandAndHandsTheRequestToTheServer() {
        // ubq_complete_io_cmd (6.14 L1116-1130): OWNED_BY_SRV, !ACTIVE, io_uring_cmd_done.
        Model m = model(KernelVersion.V6_14);
        World w = apply(m, queued(m), new Event.TaskWorkRun(0));
        assertEquals(IoSlot.OWNED_BY_SRV, io(m, w, 0, Life.I_FLAGS));
        assertEquals(Life.FREE, w.life().get(m.lifecycle().layout.cmd(0) + Life.C_STATE));
        assertEquals(Life.S_REQ, io(m, w, 0, Life.I_SRV));
        assertEquals(1, io(m, w, 0, Life.I_CMDSTALE), "io->cmd now names a completed command");
    }

    @Test
    void taskWorkOfAnExitingTaskRunsInTheFallbackKworkerAndAbortsTheRequest() {
        // 6.14 L1165-1168 / 6.16 L1287-1290: current != daemon || PF_EXITING → __ublk_abort_rq, IOERR without recovery.
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Model m = model(k);
            World w = apply(m, queued(m), new Event.Crash(0));
            Outcome.Next n = (Outcome.Next) m.apply(w, new Event.TaskWorkRun(0));
            assertEquals("fallback kworker", n.facts().get(Fact.CONTEXT));
            assertEquals(Phase.COMPLETED, n.world().io(0).phase(), k.id());
            assertEquals(-Errno.EIO, n.world().io(0).result());
        }
    }

    @Test
    void cancelCompletesACommandWhoseTaskWorkIsQueuedAt614ButNotAt616() {
        // 6.14 ublk_cancel_cmd L1487-1503 checks only ACTIVE and CANCELED; 6.16 L1760-1762 skips a started request.
        Model m14 = model(KernelVersion.V6_14);
        World w = apply(m14, queued(m14), new Event.Crash(0));
        w = apply(m14, w, new Event.CancelStep(0));   // ublk_abort_requests: canceling, then ⟂
        w = apply(m14, w, new Event.CancelStep(0));   // quiesce, abort_queue, cancel_cmd
        assertEquals(Life.FREE, w.life().get(m14.lifecycle().layout.cmd(0) + Life.C_STATE));
        w = apply(m14, w, new Event.TaskWorkRun(0));
        assertNotNull(Invariants.byName(Invariants.NO_USE_AFTER_FREE).explain(m14, w));

        Model m16 = model(KernelVersion.V6_16);
        World v = apply(m16, queued(m16), new Event.Crash(0));
        v = apply(m16, v, new Event.CancelStep(0));
        assertEquals(Life.CANCELABLE, v.life().get(m16.lifecycle().layout.cmd(0) + Life.C_STATE));
        v = apply(m16, v, new Event.TaskWorkRun(0));
        assertNull(Invariants.byName(Invariants.NO_USE_AFTER_FREE).explain(m16, v));
    }

    @Test
    void aSecondCancelerDoesNotWaitForTheQuiesceAt614() {
        // ublk_abort_requests L1459-1465: canceling already set → return false at once, no quiesce.
        Model m = model(KernelVersion.V6_14, Variant.COPY, 2, 2, LcRecovery.OFF, Fixtures.io("r1", ReqOp.READ, 0, 4096));
        World w = apply(m, m.initial(), new Event.Submit(0));
        w = apply(m, w, new Event.AllocTag(0, 0, 0));
        w = apply(m, w, new Event.QueueRq(0, 0, 0));
        w = apply(m, w, new Event.QueueRq(0, 0, 0));   // started, ublk_queue_cmd still to come
        w = apply(m, w, new Event.Crash(0));
        w = apply(m, w, new Event.CancelStep(1));      // ring 1 (tag 1) sets canceling; its quiesce must wait
        assertFalse(m.enabled(w).contains(new Event.CancelStep(1)), "the quiesce waits for ->queue_rq");
        w = apply(m, w, new Event.CancelStep(0));      // ring 0 (tag 0): canceling seen, cancel_cmd now
        w = apply(m, w, new Event.QueueRq(0, 0, 0));   // io_uring_cmd_complete_in_task(io->cmd) on the completed command
        assertNotNull(Invariants.byName(Invariants.NO_USE_AFTER_FREE).explain(m, w));
    }

    @Test
    void fetchGuardsInOrder() {
        // 6.14 L1782 ACTIVE → -EBUSY before L1803 queue ready → -EBUSY; a live queue refuses a second FETCH.
        Model m = model(KernelVersion.V6_14);
        Lc x = new Lc(m.lifecycle(), new Tx(m.initial(), true), m.initial().life());
        x.io(0, 0, Life.I_SRV, Life.S_NONE);
        LcServer.step(x, 0, 0);
        assertEquals(Life.S_DONE, x.io(0, 0, Life.I_SRV));
        assertEquals("slot 1 q0 t0 res -EBUSY", x.tx.facts().get(Fact.CQE));
    }

    @Test
    void commitWithoutOwnershipIsEinvalAt614() {
        // L1833: !OWNED_BY_SRV → -EINVAL (ACTIVE cleared first so that L1782 passes).
        Model m = model(KernelVersion.V6_14);
        Lc x = new Lc(m.lifecycle(), new Tx(m.initial(), true), m.initial().life());
        x.io(0, 0, Life.I_FLAGS, 0);
        x.io(0, 0, Life.I_SRV, Life.S_DATA);
        LcServer.step(x, 0, 0);
        assertEquals("slot 1 q0 t0 res -EINVAL", x.tx.facts().get(Fact.CQE));
    }

    @Test
    void cancelFnWarnsOnAForeignTaskAndLeavesTheCommandCancelable() {
        // 6.14 L1525-1527: task && task != ubq_daemon → WARN, return; the round offers it again.
        Model m = model(KernelVersion.V6_14);
        Lc x = new Lc(m.lifecycle(), new Tx(m.initial(), true), m.initial().life());
        x.q(0, Life.Q_DAEMON, -1);   // ubq_daemon put by ublk_queue_reinit
        LcControl.closeRing(x, 0);
        LcCancel.step(x, 0);
        assertEquals(Life.CANCELABLE, x.cmd(0, Life.C_STATE));
        assertNotNull(Lifecycle.warned(x.freeze()));
        assertEquals(LcCancel.Next.NEW_ROUND, LcCancel.next(x, 0));
    }

    @Test
    void releaseCompletesAnOwnedRequestWhateverItsReferenceAt616() {
        // 6.16 ublk_abort_queue L1697-1707 → __ublk_fail_req L1676-1687: __ublk_complete_rq directly.
        Model m = model(KernelVersion.V6_16, Variant.ZERO_COPY, 1, 1, LcRecovery.OFF, Fixtures.io("r1", ReqOp.READ, 0, 4096));
        World w = apply(m, queued(m), new Event.TaskWorkRun(0));
        w = apply(m, w, new Event.ServerStep(0, 0));   // REGISTER_IO_BUF: ref 2
        assertEquals(2, w.life().get(m.lifecycle().layout.rq(0) + Life.R_REF));
        w = apply(m, w, new Event.Crash(0));
        w = apply(m, w, new Event.CancelStep(0));      // nothing pending: the ring goes, its buffer table is dropped later
        w = apply(m, w, new Event.Control(LcControl.RELEASE));
        assertEquals(Phase.COMPLETED, w.io(0).phase());
        w = apply(m, w, new Event.BufRelease(0, 0));   // ublk_io_release on the ended request
        assertNotNull(Invariants.byName(Invariants.NO_USE_AFTER_FREE).explain(m, w));
    }

    @Test
    void lifecycleStepsActOnTheRequestTheyReadOrEnd() {
        // Model.actsOn for the lifecycle's steps: the task work its request (6.16 pdu->req L1327;
        // 6.14 the head of ubq->io_cmds L1223-1232), the server's COMMIT the request it reads
        // (6.14 tags->rqs[t] L1831, 6.16 io->req L2108), 6.14's cancel call the started request of
        // the cancelled command's tag, 6.16's buffer release the request it was registered for.
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Model m = model(k);
            World w = queued(m);
            assertEquals(0, m.actsOn(w, new Event.TaskWorkRun(0)), k.id());
            World d = apply(m, w, new Event.TaskWorkRun(0));
            assertEquals(0, m.actsOn(d, new Event.ServerStep(0, 0)), k.id());   // the copy server commits r1
            assertEquals(-1, m.actsOn(d, new Event.RingClose(0)), k.id());
            World c = apply(m, w, new Event.Crash(0));
            assertEquals(-1, m.actsOn(w, new Event.Crash(0)), k.id());
            assertEquals(0, m.actsOn(c, new Event.CancelStep(0)), k.id());
        }
        Model m = model(KernelVersion.V6_16, Variant.ZERO_COPY, 1, 1, LcRecovery.OFF, Fixtures.io("r1", ReqOp.READ, 0, 4096));
        World w = apply(m, queued(m), new Event.TaskWorkRun(0));
        assertEquals(0, m.actsOn(w, new Event.ServerStep(0, 0)));   // REGISTER_IO_BUF of r1
        w = apply(m, w, new Event.ServerStep(0, 0));
        w = apply(m, w, new Event.Crash(0));
        w = apply(m, w, new Event.CancelStep(0));
        assertEquals(0, m.actsOn(w, new Event.Control(LcControl.RELEASE)));   // ublk_abort_queue fails r1 (L1697-1707)
        w = apply(m, w, new Event.Control(LcControl.RELEASE));
        assertEquals(0, m.actsOn(w, new Event.BufRelease(0, 0)));
    }

    @Test
    void simplifiedScenariosHaveNoLifecycle() {
        Model m = Fixtures.model(Fixtures.io("r1", ReqOp.READ, 0, 4096));
        assertNull(m.lifecycle());
        assertNull(m.initial().life());
    }

    @Test
    void lifecycleSwitchesAreExactlyTheVersionDiff() {
        // Every LcRules field that differs between 6.14 and 6.16 is one switch of KernelVersion.diff.
        LcRules a = LcRules.of(new Config(1, 1, Variant.COPY, 16, 1, 4096, 512, 524288, TagPolicy.ANY, Recovery.OFF, 64, KernelVersion.V6_14));
        LcRules b = LcRules.of(new Config(1, 1, Variant.COPY, 16, 1, 4096, 512, 524288, TagPolicy.ANY, Recovery.OFF, 64, KernelVersion.V6_16));
        int differ = 0;
        for (var rc : LcRules.class.getRecordComponents()) {
            try {
                differ += rc.getAccessor().invoke(a).equals(rc.getAccessor().invoke(b)) ? 0 : 1;
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        // 11 LcRules fields all differ (zero copy included); release-teardown is nosrv-work's complement.
        assertEquals(11, differ);
        assertEquals(12, KernelVersion.diff(KernelVersion.V6_14, KernelVersion.V6_16).size());
    }
}
