package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;
import dev.ublklab.model.RequestSlot.RqState;

/**
 * One lifecycle step under construction: a private copy of the {@link Life} vector with named
 * accessors, the {@link Tx} for the client-visible IO states and blk-mq's driver-tag slots, and the
 * kernel helpers every path shares (completing an io_uring command, ending and requeueing a
 * request, {@code __ublk_complete_rq}, {@code ublk_put_req_ref}).
 */
final class Lc {
    final Lifecycle lc;
    final Life.Layout lay;
    final LcRules rules;
    final Tx tx;
    final int[] s;

    Lc(Lifecycle lc, Tx tx, Life life) {
        this.lc = lc;
        this.lay = lc.layout;
        this.rules = lc.rules;
        this.tx = tx;
        this.s = life.cells().toArray();
    }

    Life freeze() {
        return new Life(Sectors.of(s.clone()));
    }

    int dev(int f) { return s[f]; }
    void dev(int f, int x) { s[f] = x; }
    int q(int q, int f) { return s[lay.queue(q) + f]; }
    void q(int q, int f, int x) { s[lay.queue(q) + f] = x; }
    int io(int q, int t, int f) { return s[lay.io(q, t) + f]; }
    void io(int q, int t, int f, int x) { s[lay.io(q, t) + f] = x; }
    int rq(int i, int f) { return s[lay.rq(i) + f]; }
    void rq(int i, int f, int x) { s[lay.rq(i) + f] = x; }
    int cmd(int c, int f) { return s[lay.cmd(c) + f]; }
    void cmd(int c, int f, int x) { s[lay.cmd(c) + f] = x; }
    int task(int k) { return s[lay.task(k)]; }
    void task(int k, int x) { s[lay.task(k)] = x; }
    int ring(int r, int f) { return s[lay.ring(r) + f]; }
    void ring(int r, int f, int x) { s[lay.ring(r) + f] = x; }

    boolean has(int q, int t, int flag) { return (io(q, t, Life.I_FLAGS) & flag) != 0; }
    void set(int q, int t, int flag) { io(q, t, Life.I_FLAGS, io(q, t, Life.I_FLAGS) | flag); }
    void clear(int q, int t, int flag) { io(q, t, Life.I_FLAGS, io(q, t, Life.I_FLAGS) & ~flag); }

    int server() { return dev(Life.D_SERVER); }
    int daemonTask(int q) { return lay.taskOf(server(), q); }
    int queueOf(int io) { return lc.model.queueOf(io); }
    boolean started(int io) { return rq(io, Life.R_STATE) == Life.IN_FLIGHT; }
    boolean ended(int io) { return tx.io(io).phase() == Phase.COMPLETED || tx.io(io).phase() == Phase.RELEASED; }

    void fact(Fact name, String value) { tx.fact(name, value); }
    void fact(Fact name, long value) { tx.fact(name, value); }

    /** Ghost: the first access to an object after its lifetime ended (no-use-after-free). */
    void uaf(int q, int t, LcFlaw what) {
        if (dev(Life.D_UAF) == 0) {
            dev(Life.D_UAF, what.ordinal() + 1);
            dev(Life.D_UAFQ, q);
            dev(Life.D_UAFT, t);
        }
        fact(Fact.UAF, what.text);
    }

    /** Ghost: a WARN_ON of the modelled code fired (no-kernel-warn). */
    void warn(int q, int t, LcFlaw what) {
        if (dev(Life.D_WARN) == 0) {
            dev(Life.D_WARN, what.ordinal() + 1);
        }
        fact(Fact.WARN, what.text);
    }

    /**
     * io_uring_cmd_done on the command in slot {@code c} (uc:140-165): the CQE is posted and the slot
     * returns to io_uring's cache. A slot that is already free completes twice (complete-once); every
     * {@code io->cmd} still naming it is now a stale pointer, and a task-work node still queued on it
     * is a node inside freed memory.
     */
    void cmdDone(int c, int res) {
        if (cmd(c, Life.C_STATE) == Life.FREE) {
            if (dev(Life.D_DBLCMD) == 0) {
                dev(Life.D_DBLCMD, c + 1);
            }
            uaf(cmd(c, Life.C_Q), cmd(c, Life.C_T), LcFlaw.CMD_COMPLETED_TWICE);
            return;
        }
        cmd(c, Life.C_STATE, Life.FREE);
        if (cmd(c, Life.C_TW) != Life.TW_NONE) {
            cmd(c, Life.C_TWSTALE, 1);
        }
        for (int q = 0; q < lay.queues(); q++) {
            for (int t = 0; t < lay.depth(); t++) {
                if (io(q, t, Life.I_CMD) == c) {
                    io(q, t, Life.I_CMDSTALE, 1);
                }
            }
        }
        int q = cmd(c, Life.C_Q), t = cmd(c, Life.C_T);
        int srv = io(q, t, Life.I_SRV);
        if (srv == Life.S_WAIT) {
            io(q, t, Life.I_SRV, res == 0 ? Life.S_REQ : Life.S_DONE);
        } else if (srv != Life.S_DONE) {
            io(q, t, Life.I_CQE, res == 0 ? 1 : 2);   // the CQE waits until the server's submit returns
        }
        fact(Fact.CQE, "slot " + c + " q" + q + " t" + t + " res " + Errno.describe(res));
    }

    /** The command {@code io->cmd} of (q, t) as the kernel would use it: a stale one is a use after free. */
    int ioCmd(int q, int t, LcFlaw ifStale) {
        int c = io(q, t, Life.I_CMD);
        if (c < 0) {
            uaf(q, t, LcFlaw.NULL_CMD);
            return -1;
        }
        if (io(q, t, Life.I_CMDSTALE) != 0) {
            uaf(q, t, ifStale);
        }
        return c;
    }

    /** io_uring_cmd_complete_in_task(C, cb) (uc:117-126): C's one io_task_work node is queued. */
    void queueTw(int c, int q, int t, int cb, int req) {
        if (c < 0) {
            return;
        }
        if (cmd(c, Life.C_TW) != Life.TW_NONE) {
            uaf(q, t, LcFlaw.TW_NODE_QUEUED_TWICE);   // the llist node is linked already: the list is corrupted
            return;
        }
        cmd(c, Life.C_TW, cb);
        cmd(c, Life.C_TWREQ, req);
        cmd(c, Life.C_TWSTALE, cmd(c, Life.C_STATE) == Life.FREE ? 1 : 0);
    }

    /** blk_mq_end_request: IDLE, the driver tag freed, tags->rqs[] untouched (mq:765-797). */
    void endRq(int io, int res) {
        IoState st = tx.io(io);
        if (ended(io)) {
            uaf(queueOf(io), st.tag(), LcFlaw.REQUEST_ENDED_TWICE);
        }
        freeTag(io);
        rq(io, Life.R_STATE, Life.IDLE);
        rq(io, Life.R_REQUEUED, 0);
        int ends = st.ends() + 1;
        tx.io(io, new IoState(Phase.COMPLETED, -1, res, st.done(), ends));
        tx.fact(Fact.COMPLETED, lc.model.ioId(io) + " " + Errno.describe(res));
    }

    private void freeTag(int io) {
        int t = rq(io, Life.R_TAG);
        if (t >= 0) {
            int q = queueOf(io);
            RequestSlot slot = tx.q(q).rq(t);
            if (slot.io() == io) {
                tx.q(q).rq(t, new RequestSlot(-1, slot.generation(), RqState.IDLE, 0));
            }
            rq(io, Life.R_TAG, -1);
        }
    }

    /**
     * blk_mq_requeue_request (mq:1500-1531): with an I/O scheduler the driver tag is freed and
     * R.tag := NO_TAG (mqint:346-360); the request waits on q->requeue_list until the requeue work
     * runs ({@code kick}).
     */
    void requeue(int io, boolean kick) {
        if (ended(io)) {
            uaf(queueOf(io), -1, LcFlaw.REQUEST_ENDED_TWICE);
            return;
        }
        IoState st = tx.io(io);
        rq(io, Life.R_STATE, Life.IDLE);
        rq(io, Life.R_REQUEUED, 1);
        if (lc.setup.scheduler()) {
            freeTag(io);
            tx.io(io, st.withTag(Phase.SUBMITTED, -1));
        } else {
            int t = rq(io, Life.R_TAG);
            tx.q(queueOf(io)).rq(t, new RequestSlot(io, tx.q(queueOf(io)).rq(t).generation(), RqState.IDLE, 0));
            tx.io(io, st.withTag(Phase.ALLOCATED, t));
        }
        if (kick) {
            dev(Life.D_KICK, 1);
        }
        tx.fact(Fact.REQUEUED, lc.model.ioId(io));
    }

    /**
     * __ublk_complete_rq (6.14 L1035-1086, 6.16 L1104-1149) on request {@code io} with the io of its
     * current tag: 6.14's ABORTED ends it with IOERR; a READ of 0 bytes is -EIO; a negative result ends
     * it with that error. (No short completions: the modelled server commits whole requests.)
     */
    void completeRq(int io) {
        int t = rq(io, Life.R_TAG);
        int q = queueOf(io);
        if (t < 0 || ended(io)) {
            uaf(q, t, ended(io) ? LcFlaw.REQUEST_ENDED_TWICE : LcFlaw.REQUEST_WITHOUT_TAG);
            if (ended(io)) {
                endRq(io, -Errno.EIO);
            }
            return;
        }
        int res = io(q, t, Life.I_RES);
        if (rules.abortByCachedRq() && has(q, t, IoSlot.ABORTED)) {
            LcTaint.harm(this, io);   // only ublk_abort_queue sets ABORTED (L1448)
            res = -Errno.EIO;
        } else if (res == 0 && lc.model.setup().ios().get(io).op() == ReqOp.READ) {
            res = -Errno.EIO;
        } else if (res > 0) {
            res = lc.model.bytes(io);
        }
        endRq(io, res);
    }

    /** Whether requests carry ublk_rq_data.ref (USER_COPY, ZERO_COPY: 6.14 L582-594, 6.16 L658-673). */
    boolean needRef() {
        return lc.model.config().variant() != Variant.COPY;
    }

    /** ublk_put_req_ref (6.14 L618-628, 6.16 L697-708): the last put completes the request. */
    void putRef(int io) {
        if (!needRef()) {
            completeRq(io);
            return;
        }
        int r = rq(io, Life.R_REF);
        if (r <= 0) {
            uaf(queueOf(io), rq(io, Life.R_TAG), LcFlaw.REF_UNDERFLOW);
            return;
        }
        rq(io, Life.R_REF, r - 1);
        if (r == 1) {
            completeRq(io);
        }
    }

    /** The request {@code tags->rqs[t]} points at, or -1 (blk_mq_tag_to_rq, mqh:766-775). */
    int cached(int q, int t) {
        return io(q, t, Life.I_CACHED);
    }

    /** The quiesce of queue q can complete: no ->queue_rq is in progress on it (QSC). */
    boolean noQueueRq(int q) {
        for (int i = 0; i < lc.model.setup().ios().size(); i++) {
            if (queueOf(i) == q && rq(i, Life.R_QR) != 0) {
                return false;
            }
        }
        return true;
    }
}
