package dev.ublklab.model;

/**
 * Control and teardown: the daemon's death and ring close, ublk_ch_release (6.14 L1357-1363;
 * 6.16 L1553-1636 B-RELEASE), 6.14's ublk_nosrv_work (L1656-1685), ublk_stop_dev (6.14 L1636-1654,
 * 6.16 L1897-1918), DEL_DEV, the timeout handler (6.14 L1253-1289, 6.16 L1356-1367), START_DEV and
 * START_/END_USER_RECOVERY (6.14 L2764-2860, 6.16 L3177-3247).
 */
final class LcControl {
    private LcControl() {}

    static final int START_DEV = 0, START_RECOVERY = 1, END_RECOVERY = 2, DEL_DEV = 3, NOSRV_WORK = 4,
            REQUEUE_WORK = 5, RELEASE = 6, STOP = 7, STOP_DEV = 8, OPS = 9;
    static final String[] NAMES = {"START_DEV", "START_USER_RECOVERY", "END_USER_RECOVERY", "DEL_DEV", "nosrv_work",
        "requeue_work", "ublk_ch_release", "ublk_stop_dev", "STOP_DEV"};

    /** The task exits (killed, or done with every tag): do_exit cancels each of its rings (iou:3110-3193). */
    static void exitTask(Lc x, int k) {
        x.task(k, Life.T_EXITING);
        boolean gone = true;
        for (int j = 0; j < x.lay.rings(); j++) {
            closeRing(x, k * x.lay.rings() + j);
            gone &= x.ring(k * x.lay.rings() + j, Life.G_STATE) == Life.RING_GONE;
        }
        if (gone) {
            x.task(k, Life.T_DEAD);   // its rings were closed and cancelled before: nothing left to cancel
        }
    }

    static void closeRing(Lc x, int r) {
        if (x.ring(r, Life.G_STATE) == Life.RING_OPEN) {
            x.ring(r, Life.G_STATE, Life.RING_CLOSING);
            x.ring(r, Life.G_CURSOR, 0);
            x.ring(r, Life.G_MADE, 0);
        }
    }

    static boolean allDead(Lc x) {
        for (int q = 0; q < x.lay.queues(); q++) {
            if (x.task(x.daemonTask(q)) != Life.T_DEAD) return false;
        }
        return true;
    }

    static boolean noneAlive(Lc x) {
        for (int q = 0; q < x.lay.queues(); q++) {
            if (x.task(x.daemonTask(q)) == Life.T_ALIVE) return false;
        }
        return true;
    }

    static boolean allNoQueueRq(Lc x) {
        for (int q = 0; q < x.lay.queues(); q++) {
            if (!x.noQueueRq(q)) return false;
        }
        return true;
    }

    static boolean noneStarted(Lc x) {
        for (int i = 0; i < x.lc.model.setup().ios().size(); i++) {
            if (x.started(i)) return false;
        }
        return true;
    }

    /** Every request of the disk has ended (del_gendisk's freeze). */
    static boolean allEnded(Lc x) {
        for (int i = 0; i < x.lc.model.setup().ios().size(); i++) {
            if (x.tx.io(i).phase() != IoState.Phase.NEW && !x.ended(i)) return false;
        }
        return true;
    }

    static void quiesceAll(Lc x, int d) {
        for (int q = 0; q < x.lay.queues(); q++) {
            x.q(q, Life.Q_QUIESCED, Math.max(0, x.q(q, Life.Q_QUIESCED) + d));
        }
    }

    /** Whether control op {@code op} can run now. */
    static boolean enabled(Lc x, int op) {
        LcSetup st = x.lc.setup;
        return switch (op) {
            // the control task issues START_DEV before it issues any DEL_DEV
            case START_DEV -> st.fetchSetup() && x.dev(Life.D_USED) == 0 && x.dev(Life.D_COMPL) != 0 && x.dev(Life.D_DEL) == 0;
            case START_RECOVERY -> !st.recovery().stopDev() && x.dev(Life.D_RECOVERS) < st.recover()
                    && x.server() + 1 < x.lay.servers() && x.dev(Life.D_CTRL) == 0 && x.dev(Life.D_OPEN) == 0
                    && (x.dev(Life.D_STATE) == Life.QUIESCED || x.dev(Life.D_STATE) == Life.FAIL_IO);
            case END_RECOVERY -> x.dev(Life.D_CTRL) == 1 && x.dev(Life.D_COMPL) != 0;
            case DEL_DEV -> switch (x.dev(Life.D_DEL)) {
                case 0 -> teardownBegun(x);
                case 1, 4 -> x.dev(Life.D_STOP) == 3 && x.dev(Life.D_NOSRV) != 2;
                case 2 -> x.dev(Life.D_RELEASED) != 0;
                default -> false;
            };
            case NOSRV_WORK -> x.dev(Life.D_NOSRV) == 1 ? allNoQueueRq(x) : x.dev(Life.D_NOSRV) == 2 && noneStarted(x);
            case REQUEUE_WORK -> x.dev(Life.D_KICK) != 0 && anyRequeued(x);
            case RELEASE -> switch (x.dev(Life.D_REL)) {
                case 0 -> x.dev(Life.D_OPEN) != 0 && allDead(x);
                case 1 -> allNoQueueRq(x);
                case 2 -> x.dev(Life.D_STOP) == 3;
                default -> false;
            };
            case STOP_DEV -> switch (x.dev(Life.D_STOPDEV)) {
                // The control task that started the device stops it (never before START_DEV). ublk_stop_dev
                // takes ub->mutex (6.14 L1640, 6.16 L1914): not while another stop holds it (D_STOP 1-2)
                // or 6.14's nosrv_work waits in __ublk_quiesce_dev under it (L1669-1672)
                case 0 -> st.stop() && x.dev(Life.D_USED) != 0 && (x.dev(Life.D_STOP) == 0 || x.dev(Life.D_STOP) == 3)
                        && x.dev(Life.D_NOSRV) != 2;
                case 1 -> x.dev(Life.D_STOP) == 3 && x.dev(Life.D_NOSRV) != 2;   // cancel_work_sync (6.14 L2632)
                default -> false;
            };
            case STOP -> switch (x.dev(Life.D_STOP)) {
                case 1 -> !st.recovery().queueIo() || x.dev(Life.D_STATE) != Life.LIVE || noneStarted(x);
                case 2 -> allEnded(x);
                default -> false;
            };
            default -> false;
        };
    }

    static boolean anyRequeued(Lc x) {
        for (int i = 0; i < x.lc.model.setup().ios().size(); i++) {
            if (x.rq(i, Life.R_REQUEUED) != 0) return true;
        }
        return false;
    }

    /** teardown-completes applies from here: the last server died with recovery off, or the device is being stopped. */
    static boolean teardownBegun(Lc x) {
        return (x.lc.setup.recovery().stopDev() && noneAlive(x)) || x.dev(Life.D_STOP) > 0;
    }

    static void step(Lc x, int op) {
        x.fact(Fact.OP, NAMES[op]);
        switch (op) {
            case START_DEV -> {   // after the completion (L2301 / L2729); LIVE, add_disk, USED
                x.dev(Life.D_DISK, 1);
                x.dev(Life.D_STATE, Life.LIVE);
                x.dev(Life.D_USED, 1);
            }
            case START_RECOVERY -> LcRecoveryFlow.start(x);
            case END_RECOVERY -> LcRecoveryFlow.end(x);
            case DEL_DEV -> delDev(x);
            case NOSRV_WORK -> nosrvWork(x);
            case REQUEUE_WORK -> LcDispatch.requeueWork(x);
            case RELEASE -> release(x);
            case STOP -> stop(x);
            case STOP_DEV -> stopDev(x);
            default -> throw new IllegalStateException("control op " + op);
        }
    }

    private static void beginStop(Lc x, boolean fromRelease) {
        if (x.dev(Life.D_STOP) == 0) {
            x.dev(Life.D_STOP, 1);
            x.dev(Life.D_STOPREL, fromRelease ? 1 : 0);
        }
    }

    /** ublk_ctrl_del_dev → ublk_remove: ublk_stop_dev, cancel_work_sync(nosrv_work), wait for the cdev release. */
    private static void delDev(Lc x) {
        switch (x.dev(Life.D_DEL)) {
            case 0 -> {
                boolean own = x.dev(Life.D_STOP) == 0;   // stage 4: another path began the stop
                beginStop(x, false);
                x.dev(Life.D_DEL, own ? 1 : 4);
            }
            case 1, 4 -> {
                if (x.dev(Life.D_STATE) != Life.DEAD) {
                    // START_DEV made the device LIVE again after another stop: ublk_remove's own
                    // ublk_stop_dev (6.14 L2222) stops it again
                    x.dev(Life.D_STOP, 1);
                    x.dev(Life.D_STOPREL, 0);
                    x.dev(Life.D_DEL, 1);
                    return;
                }
                if (x.dev(Life.D_DEL) == 4 && x.rules.stopCancelsDead()) {
                    // another path stopped the device: ublk_remove's own ublk_stop_dev finds it DEAD,
                    // unlocks and runs ublk_cancel_dev (6.14 L1641-1653, 6.16 L1912-1918)
                    LcCancel.cancelDev(x);
                }
                x.dev(Life.D_NOSRV, 0);   // cancel_work_sync: a queued work is cancelled
                x.dev(Life.D_DEL, 2);
            }
            default -> {
                x.dev(Life.D_DEL, 3);
                x.dev(Life.D_DELETED, 1);
                x.tx.fact(Fact.COMPLETED, "DEL_DEV");
            }
        }
    }

    /**
     * The scenario's STOP_DEV (6.14 ublk_ctrl_stop_dev L2629-2634: ublk_stop_dev, then
     * cancel_work_sync(&ub->nosrv_work); 6.16 L3071-3075: ublk_stop_dev). ublk_stop_dev (6.14
     * L1636-1654, 6.16 L1912-1918) runs as {@link #STOP}'s steps; on a device another stop already
     * made DEAD it only unlocks and runs ublk_cancel_dev (6.14 L1641-1642, L1651-1653).
     */
    private static void stopDev(Lc x) {
        if (x.dev(Life.D_STOPDEV) == 1) {
            x.dev(Life.D_NOSRV, 0);   // cancel_work_sync: a queued nosrv_work is cancelled
            x.dev(Life.D_STOPDEV, 2);
            return;
        }
        if (x.dev(Life.D_STOP) == 0) {
            beginStop(x, false);
        } else if (x.rules.stopCancelsDead()) {
            LcCancel.cancelDev(x);
        }
        x.dev(Life.D_STOPDEV, x.rules.nosrvWork() ? 1 : 2);
    }

    /** ublk_stop_dev in two steps: the force-abort part, then del_gendisk's wait and ublk_detach_disk. */
    private static void stop(Lc x) {
        if (x.dev(Life.D_STOP) == 1) {
            if (x.dev(Life.D_STATE) == Life.DEAD) {   // 6.14 L1641-1642 goto unlock; 6.16 L1902-1903 return
                x.dev(Life.D_STOP, 3);
                if (x.dev(Life.D_STOPREL) == 0 && x.rules.stopCancelsDead()) {
                    LcCancel.cancelDev(x);   // ublk_stop_dev still runs ublk_cancel_dev after the unlock (6.14 L1651-1653)
                }
                return;
            }
            if (x.lc.setup.recovery().queueIo()) {   // ublk_unquiesce_dev / ublk_force_abort_dev
                for (int q = 0; q < x.lay.queues(); q++) {
                    x.q(q, Life.Q_FORCEABORT, 1);
                    x.q(q, Life.Q_QUIESCED, 0);
                }
                x.dev(Life.D_KICK, 1);
            }
            x.dev(Life.D_STOP, 2);   // del_gendisk: the disk is dead, new bios fail
            return;
        }
        x.dev(Life.D_STATE, Life.DEAD);   // ublk_detach_disk (6.14 L1628, 6.16 L1889)
        x.dev(Life.D_DISK, 0);
        x.dev(Life.D_STOP, 3);
        if (x.dev(Life.D_STOPREL) == 0) {
            LcCancel.cancelDev(x);   // ublk_stop_dev's ublk_cancel_dev after the unlock
        }
    }

    /** 6.14 ublk_nosrv_work (L1656-1685). */
    private static void nosrvWork(Lc x) {
        LcRecovery rec = x.lc.setup.recovery();
        if (x.dev(Life.D_NOSRV) == 2) {   // __ublk_quiesce_dev: no request started any more
            x.dev(Life.D_STATE, Life.QUIESCED);
            x.dev(Life.D_NOSRV, 0);
            LcCancel.cancelDev(x);
            return;
        }
        x.dev(Life.D_NOSRV, 0);
        if (rec.stopDev()) {
            beginStop(x, false);
            return;
        }
        if (x.dev(Life.D_STATE) != Life.LIVE) {
            LcCancel.cancelDev(x);
            return;
        }
        if (rec.queueIo()) {
            quiesceAll(x, 1);
            x.dev(Life.D_NOSRV, 2);
            return;
        }
        x.dev(Life.D_STATE, Life.FAIL_IO);
        for (int q = 0; q < x.lay.queues(); q++) {
            x.q(q, Life.Q_FAILIO, 1);
        }
        LcCancel.cancelDev(x);
    }

    /** ublk_ch_release: the last reference to /dev/ublkcN went. */
    private static void release(Lc x) {
        if (x.rules.nosrvWork()) {   // 6.14 L1357-1363: clear UB_STATE_OPEN, nothing else
            x.dev(Life.D_OPEN, 0);
            x.dev(Life.D_RELEASED, 1);
            x.dev(Life.D_REL, 3);
            return;
        }
        switch (x.dev(Life.D_REL)) {
            case 0 -> {
                if (x.dev(Life.D_DISK) == 0) {
                    reset(x);
                    return;
                }
                for (int q = 0; q < x.lay.queues(); q++) {   // L1584-1587, no lock
                    x.q(q, Life.Q_CANCELING, 1);
                    LcCancel.abortQueue(x, q);
                }
                x.dev(Life.D_KICK, 1);
                x.dev(Life.D_REL, 1);
            }
            case 1 -> releaseUnderMutex(x);
            default -> reset(x);
        }
    }

    /** L1594-1629: under ub->mutex and inside the quiesce. */
    private static void releaseUnderMutex(Lc x) {
        LcRecovery rec = x.lc.setup.recovery();
        if (x.dev(Life.D_DISK) == 0) {
            reset(x);
        } else if (rec.stopDev()) {
            for (int q = 0; q < x.lay.queues(); q++) {
                x.q(q, Life.Q_FORCEABORT, 1);
            }
            if (x.dev(Life.D_STOP) == 0) {
                x.dev(Life.D_STOP, 2);   // ublk_stop_dev_unlocked: del_gendisk waits
                x.dev(Life.D_STOPREL, 1);
            }
            x.dev(Life.D_REL, 2);
        } else {
            x.dev(Life.D_STATE, rec.queueIo() ? Life.QUIESCED : Life.FAIL_IO);
            if (!rec.queueIo()) {
                for (int q = 0; q < x.lay.queues(); q++) {
                    x.q(q, Life.Q_FAILIO, 1);
                }
            }
            reset(x);
        }
    }

    /** ublk_reset_ch_dev (L1521-1532), then clear UB_STATE_OPEN. */
    private static void reset(Lc x) {
        for (int q = 0; q < x.lay.queues(); q++) {
            x.q(q, Life.Q_NRIOREADY, 0);
            for (int t = 0; t < x.lay.depth(); t++) {   // ublk_queue_reinit (L1484-1506)
                x.io(q, t, Life.I_FLAGS, x.io(q, t, Life.I_FLAGS) & Life.CANCELED);
                x.io(q, t, Life.I_CMD, -1);
                x.io(q, t, Life.I_CMDSTALE, 0);
                x.io(q, t, Life.I_TASK, -1);
            }
        }
        x.dev(Life.D_NRQREADY, 0);
        x.dev(Life.D_OPEN, 0);
        x.dev(Life.D_RELEASED, 1);
        x.dev(Life.D_REL, 3);
    }

    /**
     * Whether the timer of started request {@code io} firing now would do more than re-arm itself:
     * ublk sets no tag_set.timeout, so blk-mq's default (30 s) always fires eventually; the model
     * offers that firing without a budget when it acts (6.14: the daemon is dying and every io is
     * idle, L1268-1282, or ubq_daemon is NULL) and counts the others against the "timeout" fault.
     */
    static boolean timeoutActs(Lc x, int io) {
        if (!x.rules.timeoutAborts() || !x.started(io)) {
            return false;
        }
        int q = x.queueOf(io);
        int daemon = x.q(q, Life.Q_DAEMON);
        if (daemon < 0) {
            return true;
        }
        if (x.task(daemon) == Life.T_ALIVE || x.q(q, Life.Q_CANCELING) != 0) {
            return false;
        }
        for (int t = 0; t < x.lay.depth(); t++) {
            if (x.has(q, t, IoSlot.ACTIVE)) return false;
        }
        return true;
    }

    /** ublk_timeout for request {@code io}. */
    static void timeout(Lc x, int io) {
        if (!timeoutActs(x, io)) {
            x.dev(Life.D_TIMEOUTS, x.dev(Life.D_TIMEOUTS) + 1);
        }
        int q = x.queueOf(io);
        if (!x.rules.timeoutAborts()) {
            x.fact(Fact.TIMEOUT, "BLK_EH_RESET_TIMER");   // 6.16 L1356-1367, privileged device
            return;
        }
        int daemon = x.q(q, Life.Q_DAEMON);
        if (daemon < 0) {
            x.uaf(q, x.rq(io, Life.R_TAG), LcFlaw.DAEMON_AFTER_PUT);   // ubq_daemon_is_dying (L1029-1032)
            return;
        }
        if (x.task(daemon) == Life.T_ALIVE) {
            x.fact(Fact.TIMEOUT, "BLK_EH_RESET_TIMER");   // L1268
            return;
        }
        for (int t = 0; t < x.lay.depth(); t++) {
            if (x.has(q, t, IoSlot.ACTIVE)) {
                x.fact(Fact.TIMEOUT, "BLK_EH_RESET_TIMER");   // L1271-1279
                return;
            }
        }
        if (x.q(q, Life.Q_CANCELING) == 0) {   // ublk_abort_requests, both halves (the quiesce is free here)
            x.q(q, Life.Q_CANCELING, 1);
            if (x.dev(Life.D_DISK) != 0) {
                LcCancel.abortQueue(x, q);
                x.dev(Life.D_NOSRV, Math.max(1, x.dev(Life.D_NOSRV)));
            }
        }
        x.fact(Fact.TIMEOUT, "BLK_EH_DONE");
    }
}
