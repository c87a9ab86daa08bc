package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.IoState.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scenario's STOP_DEV (faults.stopDev): ublk_ctrl_stop_dev (6.14 L2629-2634: ublk_stop_dev, then
 * cancel_work_sync(&ub->nosrv_work); 6.16 L3071-3075) and ublk_stop_dev (6.14 L1636-1654, 6.16
 * L1912-1918), with its DEAD path that still runs ublk_cancel_dev.
 */
class LifecycleStopDevTest {
    static Model model(KernelVersion k, boolean stop) {
        Config c = new Config(1, 1, Variant.COPY, 16, 1, 4096, 512, 524288, TagPolicy.ANY, Recovery.OFF, 64, k);
        Setup s = new Setup(c, List.of(Fixtures.io("r1", ReqOp.READ, 0, 4096)), new ServerSpec.Correct(0), List.of(), false,
                new LcSetup(LcRecovery.OFF, 1, false, 1, List.of(), 0, 0, 0, true, stop));
        return new Model(s);
    }

    static final Event STOP_DEV = new Event.Control(LcControl.STOP_DEV);

    /** The live initial state, made DEAD by a stop at {@code stage} (1: ublk_stop_dev began, 3: done: no disk). */
    static Lc dead(KernelVersion k, int stage) {
        Model m = model(k, true);
        World w0 = m.initial();
        Lc x = new Lc(m.lifecycle(), new Tx(w0, true), w0.life());
        x.dev(Life.D_STATE, Life.DEAD);
        x.dev(Life.D_STOP, stage);
        if (stage == 3) {
            x.dev(Life.D_DISK, 0);
        }
        return x;
    }

    @Test
    void stopDevIsOfferedOnceAndOnlyWithTheKnob() {
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            assertFalse(model(k, false).enabled(model(k, false).initial()).contains(STOP_DEV), k.id());
            Model m = model(k, true);
            assertTrue(m.enabled(m.initial()).contains(STOP_DEV), k.id());
            World w = LifecycleStepsTest.apply(m, m.initial(), STOP_DEV);
            assertEquals(1, w.life().get(Life.D_STOP), "ublk_stop_dev began, " + k.id());
            assertFalse(m.enabled(w).contains(STOP_DEV), "once, and not while the stop holds ub->mutex, " + k.id());
        }
    }

    @Test
    void stopDevStopsTheDeviceAndTeardownCompletes() {
        // del_gendisk then ublk_detach_disk (DEAD), then ublk_cancel_dev completes the FETCH command
        // (-ENODEV): the correct server exits, ublk_ch_release runs, DEL_DEV completes; r1, submitted
        // after the stop, fails at bio_queue_enter: the stop's doing (tainted).
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Model m = model(k, true);
            World w = LifecycleStepsTest.apply(m, m.initial(), STOP_DEV);
            w = LifecycleTaintTest.run(m, w, 300, e -> !(e instanceof Event.Submit));   // the stop first
            w = LifecycleTaintTest.run(m, w, 300);
            assertEquals(Life.DEAD, w.life().get(Life.D_STATE), k.id());
            assertEquals(1, w.life().get(Life.D_DELETED), k.id());
            assertEquals(Phase.COMPLETED, w.io(0).phase(), k.id());
            assertEquals(-Errno.EIO, w.io(0).result(), k.id());
            assertTrue(Taint.io(w, 0), k.id());
            assertNull(Invariants.unfinished(m, w), k.id());
        }
    }

    @Test
    void ublkStopDevOnADeadDeviceStillCancelsEveryCommand() {
        // 6.14 L1641-1642: state == DEAD → goto unlock; L1651-1653: ublk_cancel_dev after the unlock.
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Lc x = dead(k, 1);
            LcControl.step(x, LcControl.STOP);
            assertEquals(3, x.dev(Life.D_STOP), k.id());
            assertEquals(Life.FREE, x.cmd(0, Life.C_STATE), "the FETCH command completed, " + k.id());
            assertTrue(x.has(0, 0, Life.CANCELED), k.id());
        }
    }

    @Test
    void stopDevAfterAnotherStopOnlyCancelsAndThenSyncsTheNosrvWork() {
        // A second ublk_stop_dev finds DEAD: ublk_cancel_dev only; 6.14 then cancel_work_sync (L2632).
        for (KernelVersion k : List.of(KernelVersion.V6_14, KernelVersion.V6_16)) {
            Lc x = dead(k, 3);
            assertTrue(LcControl.enabled(x, LcControl.STOP_DEV), k.id());
            LcControl.step(x, LcControl.STOP_DEV);
            assertEquals(3, x.dev(Life.D_STOP), k.id());
            assertEquals(Life.FREE, x.cmd(0, Life.C_STATE), k.id());
            boolean nosrv = k == KernelVersion.V6_14;
            assertEquals(nosrv ? 1 : 2, x.dev(Life.D_STOPDEV), k.id());
            assertEquals(nosrv, LcControl.enabled(x, LcControl.STOP_DEV), "cancel_work_sync, " + k.id());
        }
    }
}
