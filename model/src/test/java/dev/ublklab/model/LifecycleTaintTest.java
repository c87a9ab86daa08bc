package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.IoState.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lifecycle's faults taint exactly what their no-server paths harm (LcTaint). */
class LifecycleTaintTest {
    static Model model(KernelVersion k, int queues, LcRecovery rec, int recover, IoSpec... ios) {
        Config c = new Config(queues, 1, Variant.COPY, 16, 1, 4096, 512, 524288, TagPolicy.ANY, Recovery.OFF, 64, k);
        Setup s = new Setup(c, List.of(ios), new ServerSpec.Correct(0), List.of(0), false,
                new LcSetup(rec, 1, false, 1, List.of(0), 1, recover, 0, queues == 1));
        return new Model(s);
    }

    static IoSpec read(String id, int queue) {
        IoSpec s = Fixtures.io(id, ReqOp.READ, 0, 4096);
        return new IoSpec(s.id(), s.op(), queue, s.sector(), s.segments(), s.after());
    }

    static World apply(Model m, World w, Event e) {
        return LifecycleStepsTest.apply(m, w, e);
    }

    /** Every enabled step but faults and recovery, lowest first, until nothing else can move or {@code n} steps. */
    static World run(Model m, World w, int n, java.util.function.Predicate<Event> also) {
        for (int i = 0; i < n; i++) {
            Event next = m.enabled(w).stream().filter(e -> !(e instanceof Event.Crash) && !(e instanceof Event.RingClose)
                    && !(e instanceof Event.Timeout) && !(e instanceof Event.Control c && c.op() == LcControl.START_RECOVERY)
                    && also.test(e)).findFirst().orElse(null);
            if (next == null) {
                return w;
            }
            w = apply(m, w, next);
        }
        return w;
    }

    static World run(Model m, World w, int n) {
        return run(m, w, n, e -> true);
    }

    @Test
    void withoutAFaultNothingIsTainted() {
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Model m = LifecycleStepsTest.model(k);
            World w = run(m, m.initial(), 200);
            assertEquals(Phase.COMPLETED, w.io(0).phase(), k.id());
            assertEquals(0, w.tainted(), k.id());
            assertNull(Invariants.unfinished(m, w), k.id());
        }
    }

    @Test
    void theDispatchTheCrashMakesFailIsTainted() {
        // Recovery off: no server can come for r1's queue, and the task work then runs in the
        // fallback kworker, where __ublk_abort_rq ends r1 with IOERR (6.14 L1165-1168, 6.16
        // L1287-1290): the crash's doing, so every-io-completes does not judge r1.
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Model m = LifecycleStepsTest.model(k);
            World w = apply(m, LifecycleStepsTest.queued(m), new Event.Crash(0));
            assertTrue(Taint.io(w, 0), k.id());
            w = apply(m, w, new Event.TaskWorkRun(0));
            assertEquals(-Errno.EIO, w.io(0).result(), k.id());
            assertTrue(Taint.io(w, 0), k.id());
        }
    }

    @Test
    void aNoServerPathsErrorEndWithoutAnyFaultIsNotTainted() {
        // The same __ublk_abort_rq, reached without a fault (a hand-made state: ubq_daemon / io->task
        // of another task), is the kernel's: nothing is tainted.
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Model m = LifecycleStepsTest.model(k);
            World w = LifecycleStepsTest.queued(m);
            Lc x = new Lc(m.lifecycle(), new Tx(w, true), w.life());
            LcDispatch.abortRq(x, 0);
            assertEquals(Phase.COMPLETED, x.tx.io(0).phase(), k.id());
            assertEquals(0, x.tx.tainted(), k.id());
        }
    }

    @Test
    void recoveryLeftKeepsQueuedIosUntaintedAndNoneLeftTaintsThem() {
        // queue_io (UBLK_F_USER_RECOVERY): r1 requeued (6.14 L1134-1142) must complete after the
        // recovery; with no recovery left the crash leaves it waiting for ever: tainted.
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Model left = model(k, 1, LcRecovery.RECOVERY, 1, read("r1", 0));
            World w = apply(left, LifecycleStepsTest.queued(left), new Event.Crash(0));
            w = apply(left, w, new Event.TaskWorkRun(0));   // the kworker: __ublk_abort_rq requeues r1
            assertEquals(0, w.tainted(), k.id());
            Model none = model(k, 1, LcRecovery.RECOVERY, 0, read("r1", 0));
            World v = apply(none, LifecycleStepsTest.queued(none), new Event.Crash(0));
            assertTrue(Taint.io(v, 0), k.id());
        }
    }

    @Test
    void failIoTaintsTheRequestItFails() {
        // UBLK_F_USER_RECOVERY_FAIL_IO: after the crash ublk_queue_rq fails r2 with BLK_STS_TARGET
        // (6.14 L1298-1300 via nosrv_work L1674-1679, 6.16 L1374 via ublk_ch_release L1622-1623);
        // recovery is still allowed, so only what fail_io fails is tainted.
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Model m = model(k, 1, LcRecovery.FAIL_IO, 1, read("r1", 0));
            World w = apply(m, m.initial(), new Event.Crash(0));
            w = run(m, w, 100, e -> !(e instanceof Event.Submit));   // the teardown sets fail_io first
            w = run(m, w, 100);
            assertEquals(-121, w.io(0).result(), k.id());
            assertTrue(Taint.io(w, 0), k.id());
        }
    }

    @Test
    void aCrashOfOneQueueLeavesTheOtherQueuesIosUntainted() {
        // 6.16: the crash of queue 0's daemon cancels its ring only (ublk_start_cancel L1718-1737);
        // queue 1's daemon serves r2, which the crash does not touch.
        Model m = model(KernelVersion.V6_16, 2, LcRecovery.OFF, 0, read("r1", 0), read("r2", 1));
        World w = apply(m, m.initial(), new Event.Crash(0));
        w = run(m, w, 300);
        assertEquals(Phase.COMPLETED, w.io(1).phase());
        assertEquals(4096, w.io(1).result());
        assertFalse(Taint.io(w, 1));
        assertTrue(Taint.io(w, 0));
        assertNull(Invariants.unfinished(m, w));
    }
}
