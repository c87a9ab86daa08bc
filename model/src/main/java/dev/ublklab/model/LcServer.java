package dev.ublklab.model;

/**
 * The server side (SRV context): a correct daemon per queue that FETCHes every tag, moves the data
 * of each request it is handed (user copy: pread/pwrite on /dev/ublkcN; zero copy: REGISTER_IO_BUF,
 * backend IO, UNREGISTER_IO_BUF) and commits it with COMMIT_AND_FETCH_REQ. The kernel side of each
 * command follows __ublk_ch_uring_cmd (6.14 L1750-1873, 6.16 L2186-2279) with its guards in order;
 * FETCH and COMMIT are split where the spec marks ⟂.
 */
final class LcServer {
    private LcServer() {}

    /** Whether a SRV path of ring {@code r} is between its steps (it holds that ring's uring_lock). */
    static boolean midPath(Lc x, int r) {
        int k = x.lay.taskOfRing(r);
        int q = k % x.lay.queues();
        if (k / x.lay.queues() != x.server()) {
            return false;
        }
        for (int t = 0; t < x.lay.depth(); t++) {
            int s = x.io(q, t, Life.I_SRV);
            if (x.lay.ringOf(k, t) == r && (s == Life.S_FETCH1 || s == Life.S_FETCH2 || s == Life.S_COMMIT1
                    || s == Life.S_COMMIT2)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the daemon of queue q can take its next step for tag t. */
    static boolean enabled(Lc x, int q, int t) {
        int k = x.daemonTask(q);
        int s = x.io(q, t, Life.I_SRV);
        // A command already inside __ublk_ch_uring_cmd finishes when its ring's fd is closed meanwhile:
        // io_uring_enter holds the file until it returns, and the ring's exit work runs only at the
        // last fput (io_uring_release → io_ring_ctx_wait_and_kill, iou:2874's caller).
        boolean inside = s == Life.S_FETCH1 || s == Life.S_FETCH2 || s == Life.S_COMMIT1 || s == Life.S_COMMIT2;
        int ring = x.ring(x.lay.ringOf(k, t), Life.G_STATE);
        if (x.task(k) != Life.T_ALIVE || (ring != Life.RING_OPEN && !(inside && ring == Life.RING_CLOSING))
                || s == Life.S_WAIT || s == Life.S_DONE) {
            return false;
        }
        boolean issues = s == Life.S_NONE || s == Life.S_DATA || (s == Life.S_REQ && !x.needRef()
                && x.lc.model.config().variant() == Variant.COPY);
        return !issues || freeSlot(x) >= 0;
    }

    /** The lowest free command slot whose task-work node is not queued (io_uring's request cache). */
    static int freeSlot(Lc x) {
        for (int c = 0; c < x.lay.cmds(); c++) {
            if (x.cmd(c, Life.C_STATE) == Life.FREE && x.cmd(c, Life.C_TW) == Life.TW_NONE) {
                return c;
            }
        }
        return -1;
    }

    /**
     * The request the daemon's next step for (q, t) reads or ends ({@link Lifecycle#actsOn}): the
     * one its data step and COMMIT read (6.14 tags->rqs[t] L1831, L1416; 6.16 io->req L2108), the
     * one the registered buffer holds; -1 for a FETCH and for ublk_prep_cancel.
     */
    static int actsOn(Lc x, int q, int t) {
        return switch (x.io(q, t, Life.I_SRV)) {
            case Life.S_REQ -> x.cached(q, t);
            case Life.S_DATA -> x.rules.commitReqFromIo() ? x.io(q, t, Life.I_REQ) : x.cached(q, t);
            case Life.S_ZCREG -> x.io(q, t, Life.I_BUF);
            case Life.S_COMMIT1 -> x.rules.commitReqFromIo() ? x.io(q, t, Life.I_SRVR) : x.cached(q, t);
            default -> -1;
        };
    }

    static void step(Lc x, int q, int t) {
        switch (x.io(q, t, Life.I_SRV)) {
            case Life.S_NONE -> fetch(x, q, t);
            case Life.S_FETCH1 -> markIoReady(x, q, t);
            case Life.S_FETCH2, Life.S_COMMIT2 -> prepCancel(x, q, t);
            case Life.S_REQ -> data(x, q, t);
            case Life.S_ZCREG -> {   // backend IO on the registered buffer, then UNREGISTER_IO_BUF (6.16 L2040-2048)
                x.io(q, t, Life.I_BUFSTATE, Life.BUF_RELEASE_PENDING);
                x.io(q, t, Life.I_SRV, Life.S_DATA);
                x.fact(Fact.OP, "UNREGISTER_IO_BUF");
            }
            case Life.S_DATA -> commit(x, q, t);
            case Life.S_COMMIT1 -> commitCompletion(x, q, t);
            default -> throw new IllegalStateException("server step in state " + x.io(q, t, Life.I_SRV));
        }
    }

    /** A new SQE: io_uring takes a command object from its cache. */
    private static int issue(Lc x, int q, int t) {
        int c = freeSlot(x);
        int k = x.daemonTask(q);
        x.cmd(c, Life.C_STATE, Life.PENDING);
        x.cmd(c, Life.C_RING, x.lay.ringOf(k, t));
        x.cmd(c, Life.C_TASK, k);
        x.cmd(c, Life.C_Q, q);
        x.cmd(c, Life.C_T, t);
        return c;
    }

    /** The common guards of __ublk_ch_uring_cmd in order; 0 when all pass, else -errno. */
    private static int guards(Lc x, int q, int t, boolean fetch) {
        int current = x.daemonTask(q);
        if (x.rules.perIoTask()) {
            int task = x.io(q, t, Life.I_TASK);
            if (task >= 0 && task != current) return -Errno.EINVAL;   // L2212-2214
            if (x.has(q, t, IoSlot.ACTIVE)) return -Errno.EBUSY;        // L2217
            if (!fetch && !x.has(q, t, IoSlot.OWNED_BY_SRV)) return -Errno.EINVAL;   // L2223
            return 0;
        }
        int daemon = x.q(q, Life.Q_DAEMON);
        if (daemon >= 0 && daemon != current) return -Errno.EINVAL;   // L1773
        if (x.has(q, t, IoSlot.ACTIVE)) return -Errno.EBUSY;          // L1782
        return 0;
    }

    /** The command fails at once: io_uring completes it with the error (6.14 L1868-1872, 6.16 L2275-2278). */
    private static void reject(Lc x, int q, int t, int c, int err) {
        x.io(q, t, Life.I_SRV, Life.S_WAIT);
        x.cmdDone(c, err);
        x.io(q, t, Life.I_SRV, Life.S_DONE);
    }

    /** ublk_fill_io_cmd (6.14 L1727-1733, 6.16 L1970-1976). */
    private static void fill(Lc x, int q, int t, int c) {
        x.io(q, t, Life.I_CMD, c);
        x.io(q, t, Life.I_CMDSTALE, 0);
        x.set(q, t, IoSlot.ACTIVE);
    }

    private static void fetch(Lc x, int q, int t) {
        int c = issue(x, q, t);
        x.fact(Fact.OP, "FETCH_REQ");
        int err = guards(x, q, t, true);
        boolean ready = x.q(q, Life.Q_NRIOREADY) == x.lay.depth();
        if (err == 0 && ready) err = -Errno.EBUSY;                               // 6.14 L1803, 6.16 L2063
        if (err == 0 && x.has(q, t, IoSlot.OWNED_BY_SRV) && !x.rules.perIoTask()) err = -Errno.EINVAL;   // L1811
        if (err != 0) {
            reject(x, q, t, c, err);
            return;
        }
        fill(x, q, t, c);
        if (x.rules.perIoTask()) {
            x.io(q, t, Life.I_TASK, x.daemonTask(q));   // L2096, all under ub->mutex
            markIoReady(x, q, t);
        } else {
            x.io(q, t, Life.I_SRV, Life.S_FETCH1);   // ⟂ before ublk_mark_io_ready (L1828)
        }
    }

    /** ublk_mark_io_ready (6.14 L1688-1703, 6.16 L1939-1955), under ub->mutex. */
    private static void markIoReady(Lc x, int q, int t) {
        x.q(q, Life.Q_NRIOREADY, x.q(q, Life.Q_NRIOREADY) + 1);
        if (x.q(q, Life.Q_NRIOREADY) == x.lay.depth()) {
            if (!x.rules.perIoTask()) {
                x.q(q, Life.Q_DAEMON, x.daemonTask(q));
            }
            x.dev(Life.D_NRQREADY, x.dev(Life.D_NRQREADY) + 1);
            if (x.dev(Life.D_NRQREADY) == x.lay.queues()) {
                if (x.rules.resetFlagsOnLastFetch()) {
                    resetIoFlags(x);
                }
                x.dev(Life.D_COMPL, 1);
            }
        }
        x.io(q, t, Life.I_SRV, Life.S_FETCH2);
    }

    /** ublk_reset_io_flags (6.16 L1921-1936): under cancel_lock, every queue. */
    private static void resetIoFlags(Lc x) {
        for (int q = 0; q < x.lay.queues(); q++) {
            for (int t = 0; t < x.lay.depth(); t++) {
                x.clear(q, t, Life.CANCELED);
            }
            x.q(q, Life.Q_CANCELING, 0);
            x.q(q, Life.Q_FAILIO, 0);
        }
    }

    /** ublk_prep_cancel (6.14 L1735-1748, 6.16 L1979-1990): pdu and CANCELABLE; the command stays pending. */
    private static void prepCancel(Lc x, int q, int t) {
        int c = x.io(q, t, Life.I_CMD);
        if (c >= 0 && x.io(q, t, Life.I_CMDSTALE) == 0) {
            x.cmd(c, Life.C_STATE, Life.CANCELABLE);
        } else {
            x.uaf(q, t, LcFlaw.PREP_CANCEL_AFTER_DONE);   // io_uring_cmd_mark_cancelable on a completed command
        }
        int cqe = x.io(q, t, Life.I_CQE);
        x.io(q, t, Life.I_CQE, 0);
        x.io(q, t, Life.I_SRV, cqe == 0 ? Life.S_WAIT : cqe == 1 ? Life.S_REQ : Life.S_DONE);
    }

    /** The server moves the request's data: nothing to do for copy (the driver copied at dispatch). */
    private static void data(Lc x, int q, int t) {
        Variant v = x.lc.model.config().variant();
        int rq = x.cached(q, t);
        boolean hasData = rq >= 0 && x.lc.model.setup().ios().get(rq).op().hasData();
        x.io(q, t, Life.I_SRVRES, 1);
        if (v == Variant.COPY || !hasData) {
            commit(x, q, t);
            return;
        }
        if (v == Variant.USER_COPY) {
            x.fact(Fact.OP, "user copy");
            int got = checkAndGetReq(x, q, t);
            if (got < 0) {
                x.io(q, t, Life.I_SRVRES, -Errno.EIO);
            } else {
                x.putRef(got);
            }
            x.io(q, t, Life.I_SRV, Life.S_DATA);
            return;
        }
        // REGISTER_IO_BUF (6.16 L2015-2038): synchronous; the common guards then the request reference
        x.fact(Fact.OP, "REGISTER_IO_BUF");
        int err = guards(x, q, t, false);
        int got = err == 0 ? checkAndGetReq(x, q, t) : -1;
        if (got < 0) {
            x.io(q, t, Life.I_SRVRES, -Errno.EIO);
            x.io(q, t, Life.I_SRV, Life.S_DATA);
            return;
        }
        x.io(q, t, Life.I_BUF, got);
        x.io(q, t, Life.I_BUFSTATE, Life.BUF_REGISTERED);
        x.io(q, t, Life.I_SRV, Life.S_ZCREG);
    }

    /** __ublk_check_and_get_req (6.14 L1875-1903, 6.16 L2281-2306): the request through tags->rqs[t], checked. */
    private static int checkAndGetReq(Lc x, int q, int t) {
        int rq = x.cached(q, t);
        if (rq < 0 || x.rq(rq, Life.R_REF) == 0) {
            return -1;   // refcount_inc_not_zero fails
        }
        if (!x.started(rq) || x.rq(rq, Life.R_TAG) != t) {
            return -1;   // took the reference, dropped it again: no effect left
        }
        x.rq(rq, Life.R_REF, x.rq(rq, Life.R_REF) + 1);
        return rq;
    }

    /** COMMIT_AND_FETCH_REQ up to ublk_fill_io_cmd (6.14 L1829-1853, 6.16 L2103-2153). */
    private static void commit(Lc x, int q, int t) {
        int c = issue(x, q, t);
        x.fact(Fact.OP, "COMMIT_AND_FETCH_REQ");
        int err = guards(x, q, t, false);
        if (err == 0 && !x.rules.perIoTask() && !x.has(q, t, IoSlot.OWNED_BY_SRV)) err = -Errno.EINVAL;   // L1833
        if (err != 0) {
            reject(x, q, t, c, err);
            return;
        }
        x.io(q, t, Life.I_SRVR, x.rules.commitReqFromIo() ? x.io(q, t, Life.I_REQ) : x.cached(q, t));
        fill(x, q, t, c);
        x.io(q, t, Life.I_SRV, Life.S_COMMIT1);   // ⟂
    }

    /** ublk_commit_completion (6.14 L1403-1425) / the rest of ublk_commit_and_fetch (6.16 L2155-2163). */
    private static void commitCompletion(Lc x, int q, int t) {
        x.clear(q, t, IoSlot.OWNED_BY_SRV);
        x.io(q, t, Life.I_RES, x.io(q, t, Life.I_SRVRES));
        int rq = x.rules.commitReqFromIo() ? x.io(q, t, Life.I_SRVR) : x.cached(q, t);   // 6.14 re-reads tags->rqs (L1416)
        x.io(q, t, Life.I_SRV, Life.S_COMMIT2);   // ⟂ before ublk_prep_cancel
        if (rq < 0) {
            x.warn(q, t, LcFlaw.WARN_COMMIT_NULL_RQ);
            return;
        }
        if (x.ended(rq)) {
            x.uaf(q, t, LcFlaw.CACHED_RQ_ENDED);   // and ublk_put_req_ref goes on with it
        } else if (x.rq(rq, Life.R_TAG) != t) {
            x.uaf(q, t, LcFlaw.CACHED_RQ_OTHER_TAG);
        }
        x.putRef(rq);
    }

    /** ublk_io_release (6.16 L2007-2013): io_uring dropped the registered buffer's last reference. */
    static void bufRelease(Lc x, int q, int t) {
        int rq = x.io(q, t, Life.I_BUF);
        x.io(q, t, Life.I_BUF, -1);
        x.io(q, t, Life.I_BUFSTATE, Life.BUF_NONE);
        if (x.ended(rq)) {
            x.uaf(q, t, LcFlaw.BUF_AFTER_RELEASE);   // it still drops the reference of the ended request
        }
        x.putRef(rq);
    }
}
