package dev.ublklab.model;

/**
 * io_uring cancel rounds and the driver's cancel paths: io_uring_try_cancel_uring_cmd per ring
 * (uc:38-64, serialized by that ring's uring_lock, concurrent across rings), ublk_uring_cmd_cancel_fn
 * (6.14 L1509-1539 A-CANCEL, 6.16 L1789-1813 B-CANCEL), ublk_abort_requests / ublk_start_cancel,
 * ublk_abort_queue, ublk_cancel_cmd and ublk_cancel_dev.
 */
final class LcCancel {
    private LcCancel() {}

    /** What the next cancel step of ring {@code r} does. */
    enum Next { WAIT, CALL, ABORT_HALF, NEW_ROUND, GONE }

    /** The first CANCELABLE command of ring {@code r} at or after its cursor, or -1. */
    static int nextCmd(Lc x, int r) {
        for (int c = x.ring(r, Life.G_CURSOR); c < x.lay.cmds(); c++) {
            if (x.cmd(c, Life.C_STATE) == Life.CANCELABLE && x.cmd(c, Life.C_RING) == r) {
                return c;
            }
        }
        return -1;
    }

    static Next next(Lc x, int r) {
        if (x.ring(r, Life.G_STATE) != Life.RING_CLOSING || LcServer.midPath(x, r)) {
            return Next.WAIT;   // a SRV path on this ring holds its uring_lock
        }
        int half = x.ring(r, Life.G_PHASE);
        if (half >= 0) {
            return x.noQueueRq(x.cmd(half, Life.C_Q)) ? Next.ABORT_HALF : Next.WAIT;   // QSC waits for ->queue_rq
        }
        int c = nextCmd(x, r);
        if (c >= 0) {
            int q = x.cmd(c, Life.C_Q);
            boolean quiesces = !x.rules.cancelAborts() && x.q(q, Life.Q_CANCELING) == 0 && x.dev(Life.D_DISK) != 0;
            return quiesces && !x.noQueueRq(q) ? Next.WAIT : Next.CALL;
        }
        if (x.ring(r, Life.G_MADE) != 0) {
            return Next.NEW_ROUND;   // the round made a call: `while (io_uring_try_cancel_requests(...))` (iou:2874)
        }
        for (int k = 0; k < x.lay.cmds(); k++) {
            if (x.cmd(k, Life.C_STATE) != Life.FREE && x.cmd(k, Life.C_RING) == r) {
                return Next.WAIT;   // in flight but not cancelable: the exit work waits for it
            }
        }
        return Next.GONE;
    }

    static void step(Lc x, int r) {
        switch (next(x, r)) {
            case WAIT -> throw new IllegalStateException("cancel step of ring " + r + " is not enabled");
            case ABORT_HALF -> abortHalf(x, r);
            case CALL -> {
                int c = nextCmd(x, r);
                x.ring(r, Life.G_MADE, 1);
                x.ring(r, Life.G_CURSOR, c + 1);
                x.fact(Fact.CANCEL, "slot " + c);
                cancelFn(x, r, c);
            }
            case NEW_ROUND -> {
                x.ring(r, Life.G_CURSOR, 0);
                x.ring(r, Life.G_MADE, 0);
                x.fact(Fact.ROUND, "again");
            }
            case GONE -> ringGone(x, r);
        }
    }

    /** The ring's last request is gone: its registered buffers are dropped (io_ring_ctx_free). */
    private static void ringGone(Lc x, int r) {
        x.ring(r, Life.G_STATE, Life.RING_GONE);
        int k = x.lay.taskOfRing(r);
        int q = k % x.lay.queues();
        for (int t = 0; t < x.lay.depth(); t++) {
            if (x.lay.ringOf(k, t) == r && x.io(q, t, Life.I_BUFSTATE) == Life.BUF_REGISTERED) {
                x.io(q, t, Life.I_BUFSTATE, Life.BUF_RELEASE_PENDING);
            }
        }
        boolean all = true;
        for (int j = 0; j < x.lay.rings(); j++) {
            all &= x.ring(k * x.lay.rings() + j, Life.G_STATE) == Life.RING_GONE;
        }
        if (all && x.task(k) == Life.T_EXITING) {
            x.task(k, Life.T_DEAD);
        }
        x.fact(Fact.RING, "gone");
    }

    /**
     * The request the next cancel step of ring {@code r} acts on ({@link Lifecycle#actsOn}): the
     * first request ublk_abort_queue fails in 6.14's second half (L1478-1480), else the started
     * request of the cancelled command's tag (the one L1760-1762 tests); -1 for a new round or the
     * ring's end.
     */
    static int actsOn(Lc x, int r) {
        Next n = next(x, r);
        int c = n == Next.ABORT_HALF ? x.ring(r, Life.G_PHASE) : n == Next.CALL ? nextCmd(x, r) : -1;
        if (c < 0) {
            return -1;
        }
        int q = x.cmd(c, Life.C_Q), t = x.cmd(c, Life.C_T);
        if (n == Next.ABORT_HALF && x.dev(Life.D_DISK) != 0) {
            int i = firstAborted(x, q);
            if (i >= 0) {
                return i;
            }
        }
        int rq = x.cached(q, t);
        return rq >= 0 && x.started(rq) && x.rq(rq, Life.R_TAG) == t ? rq : -1;
    }

    /** The first request ublk_abort_queue of queue {@code q} would fail now ({@link #abortQueue}'s tests), or -1. */
    static int firstAborted(Lc x, int q) {
        for (int t = 0; t < x.lay.depth(); t++) {
            if (x.rules.abortByCachedRq()) {
                int rq = x.cached(q, t);
                if (!x.has(q, t, IoSlot.ACTIVE) && rq >= 0 && x.started(rq)) {
                    return rq;
                }
            } else if (x.has(q, t, IoSlot.OWNED_BY_SRV) && x.io(q, t, Life.I_REQ) >= 0) {
                return x.io(q, t, Life.I_REQ);
            }
        }
        return -1;
    }

    /** ->uring_cmd(C, IO_URING_F_CANCEL): ublk_uring_cmd_cancel_fn. */
    private static void cancelFn(Lc x, int r, int c) {
        int q = x.cmd(c, Life.C_Q), t = x.cmd(c, Life.C_T), task = x.cmd(c, Life.C_TASK);
        if (x.rules.cancelAborts()) {
            int daemon = x.q(q, Life.Q_DAEMON);
            if (daemon >= 0 ? task != daemon : true) {   // L1525-1527: task && task != ubq->ubq_daemon
                x.warn(q, t, LcFlaw.WARN_TASK_MISMATCH);
                return;   // C stays CANCELABLE and is offered again next round
            }
            if (x.q(q, Life.Q_CANCELING) != 0) {   // ublk_abort_requests L1459-1462: need = false
                cancelCmdChecked(x, q, t, c);
                return;
            }
            x.q(q, Life.Q_CANCELING, 1);   // L1464 under cancel_lock; then ⟂ until the quiesce (L1478)
            x.ring(r, Life.G_PHASE, c);
            return;
        }
        if (task != x.io(q, t, Life.I_TASK)) {   // L1803-1806
            x.warn(q, t, LcFlaw.WARN_TASK_MISMATCH);
            return;
        }
        if (x.q(q, Life.Q_CANCELING) == 0 && x.dev(Life.D_DISK) != 0) {
            x.q(q, Life.Q_CANCELING, 1);   // ublk_start_cancel (L1718-1737): inside quiesce
        }
        cancelCmdChecked(x, q, t, c);
    }

    /** The second half of 6.14's ublk_abort_requests (L1467-1485), then L1532-1538. */
    private static void abortHalf(Lc x, int r) {
        int c = x.ring(r, Life.G_PHASE);
        int q = x.cmd(c, Life.C_Q), t = x.cmd(c, Life.C_T);
        x.ring(r, Life.G_PHASE, -1);
        boolean need = false;
        if (x.dev(Life.D_DISK) != 0) {
            abortQueue(x, q);
            need = true;
        }
        cancelCmdChecked(x, q, t, c);
        if (need) {
            x.dev(Life.D_NOSRV, Math.max(1, x.dev(Life.D_NOSRV)));   // schedule_work(nosrv_work)
        }
    }

    private static void cancelCmdChecked(Lc x, int q, int t, int c) {
        if (x.io(q, t, Life.I_CMD) != c) {
            x.warn(q, t, LcFlaw.WARN_IO_CMD_MISMATCH);
        }
        cancelCmd(x, q, t);
    }

    /** ublk_cancel_cmd (6.14 L1487-1503, 6.16 L1739-1772). */
    static void cancelCmd(Lc x, int q, int t) {
        if (!x.has(q, t, IoSlot.ACTIVE)) {
            return;
        }
        if (x.rules.cancelSkipsStarted()) {
            int rq = x.cached(q, t);
            if (rq >= 0 && x.started(rq) && x.rq(rq, Life.R_TAG) == t) {
                return;   // L1760-1762: dispatch will complete it
            }
        }
        boolean done = x.has(q, t, Life.CANCELED);
        x.set(q, t, Life.CANCELED);
        if (!done) {
            int c = x.ioCmd(q, t, LcFlaw.STALE_CMD_COMPLETED);
            if (c >= 0) {
                x.cmdDone(c, -Errno.ENODEV);   // UBLK_IO_RES_ABORT; ACTIVE is left set
            }
        }
    }

    /** ublk_cancel_dev: every io of every queue (6.14 L1555-1561, 6.16 L1829-1835). */
    static void cancelDev(Lc x) {
        for (int q = 0; q < x.lay.queues(); q++) {
            for (int t = 0; t < x.lay.depth(); t++) {
                cancelCmd(x, q, t);
            }
        }
    }

    /** ublk_abort_queue (6.14 L1432-1453, 6.16 L1697-1707). Runs inside the quiesce in 6.14. */
    static void abortQueue(Lc x, int q) {
        for (int t = 0; t < x.lay.depth(); t++) {
            if (x.rules.abortByCachedRq()) {
                if (x.has(q, t, IoSlot.ACTIVE)) {
                    continue;
                }
                int rq = x.cached(q, t);
                if (rq < 0 || !x.started(rq)) {
                    continue;
                }
                x.set(q, t, IoSlot.ABORTED);
                if (x.rq(rq, Life.R_TAG) != t) {
                    x.uaf(q, t, LcFlaw.CACHED_RQ_OTHER_TAG);
                }
                failReq(x, q, t, rq);
            } else if (x.has(q, t, IoSlot.OWNED_BY_SRV)) {
                failReq(x, q, t, x.io(q, t, Life.I_REQ));
            }
        }
    }

    /** __ublk_fail_req (6.14 L1105-1114, 6.16 L1676-1687). */
    private static void failReq(Lc x, int q, int t, int rq) {
        if (x.has(q, t, IoSlot.ACTIVE)) {
            x.warn(q, t, LcFlaw.WARN_FAIL_ACTIVE);
        }
        if (rq < 0) {
            x.uaf(q, t, LcFlaw.NULL_CMD);
            return;
        }
        if (x.ended(rq)) {
            x.uaf(q, t, LcFlaw.CACHED_RQ_ENDED);
        }
        if (x.lc.setup.recovery().reissue()) {
            x.requeue(rq, false);
        } else if (x.rules.abortByCachedRq()) {
            LcTaint.harm(x, rq);
            x.putRef(rq);   // 6.14: ublk_put_req_ref; ABORTED makes it IOERR
        } else {
            LcTaint.harm(x, rq);
            x.io(q, t, Life.I_RES, -Errno.EIO);
            x.completeRq(rq);   // 6.16: __ublk_complete_rq directly, whatever the reference
        }
    }
}
