package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;
import dev.ublklab.model.RequestSlot.RqState;
import java.util.List;

/**
 * blk-mq and the ublk driver. Line references are to drivers/block/ublk_drv.c as of v6.1 (the base
 * the RFC was posted against) unless they name another file or version.
 */
final class Kernel {
    private final Model m;
    private final Config c;
    /** AllocTag events by io and tag, made once: enabled() offers them for every free tag of every state. */
    private final Event.AllocTag[][] allocs;

    Kernel(Model m) {
        this.m = m;
        this.c = m.config();
        int tags = Math.min(c.depth(), 64);
        this.allocs = new Event.AllocTag[m.setup().ios().size()][tags];
        for (int io = 0; io < allocs.length; io++) {
            for (int t = 0; t < tags; t++) {
                allocs[io][t] = new Event.AllocTag(io, m.queueOf(io), t);
            }
        }
    }

    /** The AllocTag events by io and tag ({@link Enabled} makes its runs from them). */
    Event.AllocTag[][] allocs() {
        return allocs;
    }

    private Event.AllocTag alloc(int io, int t) {
        return allocs[io][t];
    }

    /** The free tags of a queue as a bit set (depth is at most 64 in models that branch over tags). */
    long freeTags(QueueState qs) {
        long free = 0;
        for (int t = 0; t < c.depth() && t < 64; t++) {
            if (!qs.rqs().get(t).allocated()) {
                free |= 1L << t;
            }
        }
        return free;
    }

    /** blk_mq_get_tag (block/blk-mq-tag.c): which of the {@code free} tags {@code io} may get under the tag policy. */
    void enabledAlloc(int io, long free, int hint, Enabled out) {
        if (free == 0) {
            return;
        }
        switch (c.tagPolicy()) {
            case ANY -> out.addAllocs(io, free);
            case LOWEST -> out.add(alloc(io, Long.numberOfTrailingZeros(free)));
            case ROUND_ROBIN -> {
                long atOrAfter = free & (-1L << hint);
                out.add(alloc(io, Long.numberOfTrailingZeros(atOrAfter != 0 ? atOrAfter : free)));
            }
        }
    }

    void enabledTag(World w, int q, int t, List<Event> out) {
        QueueState qs = w.queue(q);
        RequestSlot rq = qs.rqs().get(t);
        IoSlot slot = qs.slots().get(t);
        // blk-mq may dispatch any allocated, not started request: that is the reordering.
        if (rq.allocated() && rq.state() == RqState.IDLE && w.io(rq.io()).phase() == Phase.ALLOCATED) {
            out.add(new Event.QueueRq(q, t, rq.io()));
        }
        if (slot.taskWork()) {
            Event.TaskWork e = new Event.TaskWork(q, t, rq.io());
            out.add(e);
            if (Fault.any(m) && !qs.dying() && c.variant() == Variant.COPY && rq.io() >= 0
                    && m.setup().ios().get(rq.io()).op() == ReqOp.WRITE) {
                // ublk_map_io copies the WRITE's data into the server's buffer: a copy fault may stop it
                Fault.copy(m, w, m.rqBytes(w.io(rq.io()), rq.io()), f -> out.add(e.withFault(f)));
            }
        }
        // ublk_abort_queue: every tag that is not ACTIVE and has a started request is failed.
        // user-copy / zero copy: the exit path waits until no copy and no registered buffer holds a
        // reference (ublk-protocol.md §5-6, c5c5eb24ed61); a committed request whose last reference
        // is still held completes by itself at the last put.
        boolean refsIdle = !c.variant().usesRef() || slot.ref() == IoSlot.REF_BIAS;
        if (qs.dying() && rq.allocated() && rq.started() && !slot.taskWork() && !slot.has(IoSlot.ACTIVE)
                && !slot.has(IoSlot.ABORTED) && refsIdle) {
            out.add(new Event.Abort(q, t, rq.io()));
        }
    }

    /** blk_mq_get_tag + blk_mq_rq_ctx_init: the tag's static request now carries {@code io}. */
    void allocTag(Tx tx, int io, int q, int t) {
        Tx.Q qs = tx.q(q);
        RequestSlot rq = qs.rq(t);
        assert !rq.allocated() : "tag " + t + " of queue " + q + " is allocated twice (it carries io " + rq.io() + ")";
        qs.rq(t, new RequestSlot(io, rq.generation() + 1, RqState.IDLE, rq.handled()));
        qs.hint = (t + 1) % c.depth();
        tx.io(io, tx.io(io).withTag(Phase.ALLOCATED, t));
        assert qs.rq(t).io() == io && tx.io(io).tag() == t : "the request of tag " + t + " does not point back at it";
        tx.fact(Fact.GENERATION, rq.generation() + 1L);
    }

    /**
     * ublk_queue_rq (ublk_drv.c:850-890 in v6.1): ublk_setup_iod, [RFC: handled = 0 + smp_wmb],
     * blk_mq_start_request, fail at once when the daemon is dying, else queue the task work.
     */
    void queueRq(Tx tx, int q, int t) {
        Tx.Q qs = tx.q(q);
        RequestSlot rq = qs.rq(t);
        int handled = c.variant() == Variant.RFC_V1 || c.variant() == Variant.RFC_FIXED ? 0 : rq.handled();
        qs.rq(t, new RequestSlot(rq.io(), rq.generation(), RqState.IN_FLIGHT, handled));
        if (qs.dying) {
            tx.fact(Fact.STATUS, "BLK_STS_IOERR");
            endRequest(tx, q, t, -Errno.EIO);
            return;
        }
        tx.io(rq.io(), tx.io(rq.io()).with(Phase.DISPATCHED));
        qs.slot(t, qs.slot(t).withTaskWork(true));
        Taint.dispatched(tx, q, t, rq.io());
    }

    /**
     * __ublk_rq_task_work (v6.1): end the request with BLK_STS_IOERR if the daemon is exiting;
     * otherwise ublk_map_io (copy variant: WRITE data into the server buffer) and
     * ubq_complete_io_cmd: set OWNED_BY_SRV, clear ACTIVE, io_uring_cmd_done(io->cmd, UBLK_IO_RES_OK).
     */
    void taskWork(Tx tx, int q, int t) {
        Tx.Q qs = tx.q(q);
        IoSlot slot = qs.slot(t).withTaskWork(false);
        qs.slot(t, slot);
        RequestSlot rq = qs.rq(t);
        if (qs.dying) {
            tx.fact(Fact.STATUS, "task_exiting");
            endRequest(tx, q, t, -Errno.EIO);
            return;
        }
        int mapped = 0;
        if (c.variant() == Variant.COPY && m.setup().ios().get(rq.io()).op() == ReqOp.WRITE) {
            int want = m.rqBytes(tx.io(rq.io()), rq.io());
            mapped = (int) Fault.copyBytes(tx.fault(), want, c.pageSize());
            if (mapped == 0) {
                // an injected copy fault: "Nothing mapped, retry until we succeed": blk_mq_requeue_request(req,
                // false) and a delayed kick of the requeue list (6.12.118 ublk_drv.c L1258-1263, 7.3.4
                // ublk_start_io L1767-1772); the FETCH command stays parked
                tx.fact(Fact.REQUEUED, want);
                requeue(tx, q, t, rq.io(), tx.io(rq.io()), 0);
                return;
            }
            m.data.mapWrite(tx, q, t, rq.io(), mapped);
            // a partial map sets the iod's nr_sectors to mapped_bytes >> 9 (6.12.118 L1250-1267, 7.3.4 L1759-1776)
            mapped = mapped < want ? mapped : 0;
        }
        if (!slot.has(IoSlot.ACTIVE)) {
            tx.flaw(new Flaw(Flaw.Kind.TASK_WORK_NOT_PARKED, q, t, rq.io(), 0, 0));
        }
        // the tag's parked command completes only now (a requeue above left it parked): if an adversary
        // COMMIT re-armed it, the server's CQE stream for the tag is back in step after this one
        Taint.fetchCompleted(tx, q, t);
        if (c.variant().usesRef()) {
            // ublk_init_req_ref: io->ref = UBLK_REFCOUNT_INIT before the request goes to the server.
            slot = slot.withRef(IoSlot.REF_BIAS, 0);
        }
        qs.slot(t, slot.withFlags((slot.flags() | IoSlot.OWNED_BY_SRV) & ~IoSlot.ACTIVE));
        SrvTag st = qs.srv(t);
        qs.srv(t, mapped > 0 ? SrvTag.waiting(st.buf()).withPhase(SrvTag.Phase.FETCH_CQE).withBytes(mapped)
                : st.withPhase(SrvTag.Phase.FETCH_CQE));
        tx.fact(Fact.RES, "UBLK_IO_RES_OK");
    }

    /**
     * COMMIT_AND_FETCH_REQ in ublk_ch_uring_cmd (v6.1): -EBUSY if a command is already ACTIVE on
     * the tag, -EINVAL if the tag is not OWNED_BY_SRV; else ublk_commit_completion (clear
     * OWNED_BY_SRV, io->res = result, ublk_complete_rq) and re-arm: ACTIVE. Returns 0 when the
     * command was accepted (no CQE until the next request), else the error CQE's result.
     */
    int commit(Tx tx, int q, int t, int result) {
        Tx.Q qs = tx.q(q);
        IoSlot slot = qs.slot(t);
        if (slot.has(IoSlot.ACTIVE)) {
            return -Errno.EBUSY;
        }
        if (!slot.has(IoSlot.OWNED_BY_SRV)) {
            return -Errno.EINVAL;
        }
        qs.slot(t, slot.withFlags(slot.flags() & ~IoSlot.OWNED_BY_SRV));
        if (c.variant().usesRef()) {
            // io->res = result; ublk_sub_req_ref drops the bias: the request completes now only if
            // no copy holds a reference, else at that copy's last put (UserCopy.copy).
            IoSlot s = qs.slot(t);
            int ref = s.ref() - IoSlot.REF_BIAS;
            qs.slot(t, s.withRef(ref, result));
            if (ref == 0) {
                completeRq(tx, q, t, result);
            } else {
                tx.fact(Fact.DEFERRED, ref);
            }
        } else {
            completeRq(tx, q, t, result);
        }
        qs.slot(t, qs.slot(t).withFlags(qs.slot(t).flags() | IoSlot.ACTIVE));
        return 0;
    }

    /**
     * ublk_complete_rq (v6.1): a READ with result 0 becomes -EIO; a negative result ends the request
     * with that error; FLUSH/DISCARD end OK; a READ copies result bytes out of the server buffer
     * (ublk_unmap_io, with WARN_ON_ONCE(io->res > rq_bytes)); then blk_update_request(result) and
     * blk_mq_requeue_request for what is left, else __blk_mq_end_request.
     */
    void completeRq(Tx tx, int q, int t, int result) {
        Tx.Q qs = tx.q(q);
        RequestSlot rq = qs.rq(t);
        if (!rq.allocated() || !rq.started()) {
            tx.flaw(new Flaw(Flaw.Kind.COMMIT_NOT_IN_FLIGHT, q, t, rq.io(), 0, 0));
            return;
        }
        int io = rq.io();
        IoState s = tx.io(io);
        ReqOp op = m.setup().ios().get(io).op();
        int res = result == 0 && op == ReqOp.READ ? -Errno.EIO : result;
        if (res < 0) {
            // __ublk_complete_rq: blk_mq_end_request(req, errno_to_blk_status(io->res)) (6.12.118
            // ublk_drv.c L1058-1059): the client reads blk_status_to_errno of that status. A FLUSH is the
            // client's fsync(2), and blkdev_fsync turns -EOPNOTSUPP from blkdev_issue_flush into 0
            // (block/fops.c 6.12.118 L560-562, 7.3.4 L610-612).
            int seen = Errno.throughBlkStatus(res);
            endRequest(tx, q, t, op == ReqOp.FLUSH && seen == -Errno.EOPNOTSUPP ? 0 : seen);
            return;
        }
        if (!op.hasData()) {
            endRequest(tx, q, t, m.setup().ios().get(io).bytes());
            return;
        }
        int left = m.rqBytes(s, io);
        boolean copyBack = op == ReqOp.READ && c.variant() == Variant.COPY;
        if (!copyBack && c.has(Behaviour.SHORT_COMMIT_ENDS_WHOLE)) {
            // 7.3.4 __ublk_complete_rq L1581-1583: "if (!need_map || !ublk_need_unmap_req(req) || ...) goto exit;"
            // and L1628 ublk_end_request(req, BLK_STS_OK): every byte ends OK, whatever io->res said.
            if (res < left) {
                tx.fact(Fact.ENDED_WHOLE, left - res);
            }
            endRequest(tx, q, t, m.setup().ios().get(io).bytes());
            return;
        }
        if (copyBack) {
            if (res > left) {
                tx.flaw(new Flaw(Flaw.Kind.WARN_RES_OVER_RQ_BYTES, q, t, io, res, left));
            }
            res = m.data.unmapRead(tx, q, t, io, (int) Fault.copyBytes(tx.fault(), Math.min(res, left), c.pageSize()));
            if (res == 0) {
                // an injected copy fault copied nothing: "if (unlikely(!unmapped_bytes)) { res = BLK_STS_IOERR;
                // goto exit; }" (6.12.118 ublk_drv.c L1081-1085, 7.3.4 L1593-1597)
                Fault.excuse(tx, io);
                endRequest(tx, q, t, -Errno.EIO);
                return;
            }
        } else {
            // ublk_unmap_io returns rq_bytes (WRITE; and for READ under UBLK_F_SPLICE_ZC, seed hunk
            // @@ -501 / user copy: no map at all), then "if (unmapped_bytes < io->res) io->res = unmapped_bytes".
            res = Math.min(res, left);
        }
        if (res < left) {
            requeue(tx, q, t, io, s, res);
            tx.fact(Fact.REQUEUED, left - res);
            return;
        }
        endRequest(tx, q, t, m.setup().ios().get(io).bytes());
    }

    /**
     * ublk_put_req_ref on (q, t): drops one reference; the put that reaches zero completes the
     * request with io->res (user-copy copies; rfc-fixed pipe buffers).
     */
    void putRef(Tx tx, int q, int t) {
        Tx.Q qs = tx.q(q);
        IoSlot slot = qs.slot(t);
        assert slot.ref() > 0 : "io->ref of tag " + t + " of queue " + q + " would go below zero";
        qs.slot(t, slot.withRef(slot.ref() - 1, slot.res()));
        if (slot.ref() - 1 == 0) {
            tx.fact(Fact.LAST_PUT, 1);
            completeRq(tx, q, t, slot.res());
        }
    }

    /**
     * blk_update_request returned true, so blk_mq_requeue_request: the rest is dispatched again
     * later. __blk_mq_requeue_request calls blk_mq_put_driver_tag, which gives the driver tag (the
     * tag ublk sees) back only when an I/O scheduler allocated the request from its own tags. The
     * default elevator is mq-deadline for a device with one hardware queue and none otherwise
     * (block/elevator.c, elevator_get_default), so a one-queue device gets the rest back on any
     * free tag (seen on 6.12: tags 1, 2, 3, ...), a multi-queue device on the same tag.
     */
    private void requeue(Tx tx, int q, int t, int io, IoState s, int res) {
        Tx.Q qs = tx.q(q);
        RequestSlot rq = qs.rq(t);
        if (c.queues() == 1) {
            tx.io(io, new IoState(Phase.SUBMITTED, -1, s.result(), s.done() + res, s.ends()));
            qs.rq(t, new RequestSlot(-1, rq.generation(), RqState.IDLE, rq.handled()));
        } else {
            tx.io(io, new IoState(Phase.ALLOCATED, t, s.result(), s.done() + res, s.ends()));
            qs.rq(t, new RequestSlot(io, rq.generation(), RqState.IDLE, rq.handled()));
        }
    }

    /** blk_mq_end_request: the IO completes with {@code result} and the tag is freed. */
    void endRequest(Tx tx, int q, int t, int result) {
        Tx.Q qs = tx.q(q);
        RequestSlot rq = qs.rq(t);
        int io = rq.io();
        assert io >= 0 : "blk_mq_end_request on tag " + t + " of queue " + q + ", which carries no request";
        IoState s = tx.io(io);
        assert s.tag() == t : "tag " + t + " carries io " + io + ", whose own tag is " + s.tag();
        tx.io(io, new IoState(Phase.COMPLETED, -1, result, s.done(), s.ends() + 1));
        qs.rq(t, new RequestSlot(-1, rq.generation(), RqState.IDLE, rq.handled()));
        tx.fact(Fact.COMPLETED, m.ioId(io));
        tx.fact(Fact.IO_RESULT, result);
    }

    /** __ublk_fail_req from ublk_abort_queue (v6.1): mark ABORTED and end the request with -EIO. */
    void abort(Tx tx, int q, int t) {
        Tx.Q qs = tx.q(q);
        qs.slot(t, qs.slot(t).withFlags(qs.slot(t).flags() | IoSlot.ABORTED).withRef(0, -Errno.EIO));
        endRequest(tx, q, t, -Errno.EIO);
    }

    /**
     * The daemon dies: operations not yet started are cancelled and posted CQEs are never reaped
     * (io_uring exit); every parked uring_cmd completes with UBLK_IO_RES_ABORT (ublk_cancel_queue);
     * requests the server owns are failed later by {@link #abort}. Zero copy: a READ_FIXED /
     * WRITE_FIXED already issued may be running on io-wq, and io-wq work that started runs to its end
     * holding its buffer node (the ring's exit work waits for it), so the model lets every issued one
     * still execute; the ring's table goes ({@link ZeroCopy#teardown}).
     */
    void crash(Tx tx, int q) {
        Tx.Q qs = tx.q(q);
        qs.dying = true;
        int before = qs.ops().size();
        qs.ops().removeIf(o -> !o.holdsNode());
        int cancelled = before - qs.ops().size();
        for (int t = 0; t < c.depth(); t++) {
            IoSlot slot = qs.slot(t);
            if (slot.has(IoSlot.ACTIVE)) {
                qs.slot(t, slot.withFlags(slot.flags() & ~IoSlot.ACTIVE));
            }
            SrvTag st = qs.srv(t);
            if (st.phase() != SrvTag.Phase.WAIT_FETCH) {
                qs.srv(t, SrvTag.waiting(st.buf()));
            }
        }
        tx.fact(Fact.CANCELLED, cancelled);
        m.zeroCopy.teardown(tx, q);
    }
}
