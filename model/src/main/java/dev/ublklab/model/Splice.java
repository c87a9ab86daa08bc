package dev.ublklab.model;

import java.util.ArrayList;
import java.util.List;

/**
 * IORING_OP_SPLICE with SPLICE_F_DIRECT on an io-wq worker, as the RFC series makes it work
 * (message ids 20221103085004.1029763-2..5): io_splice picks do_splice_direct (patch 1/4) or, with
 * SPLICE_F_READ_TO_READ, do_splice_direct_read_consumer (patch 3/4); both run
 * {@code splice_direct_to_actor} (fs/splice.c, v6.1) over the worker's {@code current->splice_pipe}.
 * The producer is the RFC's {@code ublk_splice_read} (patch 4/4, the seed); the consumer is the
 * backing file's iter_file_splice_write (WRITE) or generic_file_splice_read in its consumer mode
 * (READ, patch 3/4).
 *
 * <p>Steps: {@link #start} (the entry, at {@link Event.WorkerStart}), {@link #produce}
 * ({@link Event.SpliceRead}) and {@link #consume} ({@link Event.SpliceConsume}) alternate until the
 * loop stops; the last one posts the CQE. Sizes are {@code size_t}: {@link SpliceLoop#len()} is an
 * unsigned 64-bit value.
 */
final class Splice {
    /** MAX_RW_COUNT (include/linux/fs.h): INT_MAX & PAGE_MASK. */
    private static final long MAX_RW_COUNT = Integer.MAX_VALUE & ~4095L;

    /** sqe->off_out == -1: io_splice passes a NULL offset pointer. */
    static final long NO_OFFSET = -1;

    private final Model m;
    private final Config c;

    Splice(Model m) {
        this.m = m;
        this.c = m.config();
    }

    private boolean fixed() {
        return c.variant() == Variant.RFC_FIXED;
    }

    /**
     * io_splice (io_uring/splice.c with patches 1/4 and 3/4): {@code if (sp->len)} guards the call,
     * so a zero length completes with 0 and reaches no splice code. Without DIRECT or READ_TO_READ
     * it is do_splice, which fails -EINVAL when neither file is a pipe. do_splice_direct checks
     * rw_verify_area(WRITE, out, opos, len) and do_splice_direct_read_consumer
     * rw_verify_area(READ, out, opos, len): a negative file offset is -EINVAL. Then
     * splice_direct_to_actor: the input must be seekable (FMODE_LSEEK; the seed switches ublk_ch_fops
     * to noop_llseek for this), WARN_ON_ONCE(!pipe_empty(pipe->head, pipe->tail)), then the loop.
     */
    void start(Tx tx, int w, SrvOp op) {
        Worker wk = tx.worker(w).with(op, tx.worker(w).pipe(), null);
        tx.worker(w, wk);
        tx.fact(Fact.SQE, Sqe.SPLICE);
        tx.fact(Fact.FLAGS, SpliceFlags.describe(op.spliceFlags()));
        if (op.len() == 0) {
            finish(tx, w, 0);
            return;
        }
        // sqe->off_out == -1 means "no offset": io_splice passes poff_out = NULL, which
        // rw_verify_area accepts; any other negative offset is -EINVAL there.
        // rfc-fixed: io_splice refuses SPLICE_F_DIRECT without both offsets (F5)
        boolean nullRefused = fixed() && op.fileOff() == NO_OFFSET;
        if ((op.spliceFlags() & (SpliceFlags.DIRECT | SpliceFlags.READ_TO_READ)) == 0 || nullRefused
                || (op.fileOff() < 0 && op.fileOff() != NO_OFFSET)) {
            finish(tx, w, -Errno.EINVAL);
            return;
        }
        if (tx.fault() == Fault.ENOMEM) {
            // splice_direct_to_actor: a worker without current->splice_pipe allocates it first
            // ("pipe = alloc_pipe_info(); if (!pipe) return -ENOMEM;"): the injected allocation failure
            Fault.excuseOwner(tx, wk.queue(), op);
            finish(tx, w, -Errno.ENOMEM);
            return;
        }
        Pipe pipe = wk.pipe();
        if ((!pipe.empty() || pipe.consumedByRead()) && !Taint.adversarial(op)) {
            // a correctness flaw of the request the splice was issued for (the adversary's own splice
            // concerns nobody's: the next correct splice on this pipe shows the dirt)
            int[] tg = op.target(c.variant());
            tx.flaw(new Flaw(Flaw.Kind.DIRTY_WORKER_PIPE, wk.queue(), tg[1], issuedFor(tx, wk.queue(), op), pipe.bufs().size(),
                    pipe.consumedByRead() ? 1 : 0));
        }
        if (!pipe.empty()) {
            tx.flaw(new Flaw(Flaw.Kind.WARN_PIPE_NOT_EMPTY, wk.queue(), op.tag(), -1, pipe.bufs().size(), 0));
        }
        tx.worker(w, wk.with(op, pipe, new SpliceLoop(op.pos(), op.fileOff(), Integer.toUnsignedLong(op.len()), 0, 0)));
    }

    /**
     * One producer call of the splice_direct_to_actor loop: do_splice_to (v6.1) limits the length to
     * the pipe's free slots ({@code p_space << PAGE_SHIFT}), rw_verify_area(READ, in, ppos, len)
     * refuses a negative position, lengths above MAX_RW_COUNT are clamped, then ->splice_read =
     * {@link #ublkSpliceRead}. {@code ret <= 0} goes to out_release.
     */
    void produce(Tx tx, int w) {
        Worker wk = tx.worker(w);
        SpliceLoop l = wk.loop();
        long pSpace = c.pipeSlots() - wk.pipe().bufs().size();
        long len = Long.compareUnsigned(l.len(), pSpace * c.pageSize()) < 0 ? l.len() : pSpace * c.pageSize();
        long ret;
        long[] pos = {l.pos()};
        if (l.pos() < 0 || l.pos() + len < 0) {
            ret = -Errno.EINVAL;
        } else {
            ret = ublkSpliceRead(tx, w, pos, Math.min(len, MAX_RW_COUNT), wk.running().spliceFlags());
        }
        tx.fact(Fact.READ, ret);
        if (ret <= 0) {
            outRelease(tx, w, ret);
            return;
        }
        wk = tx.worker(w);
        tx.worker(w, wk.with(wk.running(), wk.pipe(), new SpliceLoop(pos[0], l.fileOff(), l.len(), l.bytes(), ret)));
    }

    /**
     * The RFC's ublk_splice_read, in the seed's order. {@code pos[0]} is *ppos and advances by the
     * bytes pushed. Returns the byte count or -errno.
     */
    long ublkSpliceRead(Tx tx, int w, long[] pos, long len, int flags) {
        Worker wk = tx.worker(w);
        SrvOp op = wk.running();
        if ((flags & SpliceFlags.DIRECT) == 0) {
            return -Errno.EPERM; // seed: "if (!(flags & SPLICE_F_DIRECT)) return -EPERM;"
        }
        if (wk.pipe().consumedByRead()) {
            return -Errno.EINVAL; // seed: "No, we have to be the in side"
        }
        int tag = RfcPos.tag(pos[0]);
        int q = RfcPos.queue(pos[0]);
        long bufOffset = RfcPos.offset(pos[0]);
        // seed: q_id >= nr_hw_queues, !(ubq->flags & UBLK_F_SPLICE_ZC), tag >= q_depth: -EINVAL
        if (q >= c.queues() || tag >= c.depth()) {
            return -Errno.EINVAL;
        }
        Tx.Q qs = tx.q(q);
        RequestSlot rq = qs.rq(tag);
        // seed: blk_mq_tag_to_rq(); "if (!req || !blk_mq_request_started(req)) return -EINVAL"
        if (!rq.allocated() || !rq.started()) {
            return -Errno.EINVAL;
        }
        int rqBytes = m.rqBytes(tx.io(rq.io()), rq.io());
        // seed: atomic_add_return(len, &data->handled) > blk_rq_bytes(req) || !len -> -EACCES.
        // handled is an atomic_t: the add happens before the test, and the int result is compared
        // with the unsigned int blk_rq_bytes, so it is an unsigned comparison.
        int handled = rq.handled() + (int) len;
        if (!fixed()) {
            qs.rq(tag, new RequestSlot(rq.io(), rq.generation(), rq.state(), handled));
            tx.fact(Fact.HANDLED, Integer.toUnsignedLong(handled));
        }
        if (Integer.compareUnsigned(handled, rqBytes) > 0 || len == 0) {
            return -Errno.EACCES; // rfc-fixed: tested, but charged below with what is pushed (F3)
        }
        if (fixed() && qs.slot(tag).ref() == 0) {
            return -Errno.EINVAL; // rfc-fixed: refcount_inc_not_zero, as user copy does
        }
        ReqOp rop = m.setup().ios().get(rq.io()).op();
        // seed: ret = -EINVAL; !ublk_rq_has_data; buf_offset + len > blk_rq_bytes; direction checks
        if (!rop.hasData() || bufOffset + len > rqBytes) {
            return -Errno.EINVAL;
        }
        boolean r2r = (flags & SpliceFlags.READ_TO_READ) != 0;
        if ((rop == ReqOp.READ) != r2r) {
            return -Errno.EINVAL;
        }
        isolation(tx, op, wk.queue(), q, tag, rq);
        return walk(tx, w, pos, len, r2r, q, tag, rq, bufOffset);
    }

    /**
     * The seed's rq_for_each_segment loop: one pipe buffer per remaining segment from buf_offset
     * on, bounded only by add_to_pipe's -EAGAIN on a full pipe (not by {@code len}); then
     * consumed_by_read for READ_TO_READ, WARN_ON_ONCE(done > len), *ppos += done.
     */
    private long walk(Tx tx, int w, long[] pos, long len, boolean r2r, int q, int tag, RequestSlot rq, long bufOffset) {
        Worker wk = tx.worker(w);
        List<PipeBuf> bufs = new ArrayList<>(wk.pipe().bufs());
        long done = 0;
        long ret = 0;
        long skip = bufOffset;
        long limit = fixed() ? len : Long.MAX_VALUE; // rfc-fixed: the walk stops at len (F2)
        for (PipeBuf seg : segments(rq.io(), tx.io(rq.io()).done())) {
            PipeBuf b = seg;
            if (skip > 0) {
                if (skip >= seg.len()) {
                    skip -= seg.len();
                    continue;
                }
                b = new PipeBuf(seg.page(), seg.offset() + (int) skip, seg.len() - (int) skip);
                skip = 0;
            }
            if (done >= limit) {
                break;
            }
            if (bufs.size() >= c.pipeSlots()) {
                ret = -Errno.EAGAIN; // add_to_pipe: pipe_full -> -EAGAIN
                break;
            }
            if (b.len() > limit - done) {
                b = new PipeBuf(b.page(), b.offset(), (int) (limit - done));
            }
            bufs.add(b);
            done += b.len();
        }
        boolean flag = fixed() ? done > 0 && r2r : r2r;
        assert bufs.size() <= c.pipeSlots() : "pipe of worker " + w + " holds " + bufs.size() + " buffers, max_usage " + c.pipeSlots();
        tx.worker(w, wk.with(wk.running(), new Pipe(bufs, flag || wk.pipe().consumedByRead()), wk.loop()));
        if (fixed()) {
            pin(tx, q, tag, rq, (int) done, bufs.size() - wk.pipe().bufs().size());
        }
        tx.fact(Fact.PUSHED, done);
        if (done > len) {
            tx.flaw(new Flaw(Flaw.Kind.WARN_DONE_OVER_LEN, q, tag, rq.io(), (int) done, (int) len));
        }
        if (done > 0) {
            pos[0] += done;
            ret = done;
        }
        return ret;
    }

    /**
     * rfc-fixed: every pushed buffer takes a reference on the request (its release op puts it), and
     * {@code handled} is charged with the bytes actually pushed.
     */
    private static void pin(Tx tx, int q, int tag, RequestSlot rq, int done, int pushed) {
        Tx.Q qs = tx.q(q);
        qs.rq(tag, new RequestSlot(rq.io(), rq.generation(), rq.state(), rq.handled() + done));
        tx.fact(Fact.HANDLED, Integer.toUnsignedLong(rq.handled() + done));
        IoSlot slot = qs.slot(tag);
        qs.slot(tag, slot.withRef(slot.ref() + pushed, slot.res()));
    }

    /**
     * rfc-fixed: the buffer's release op, ublk_put_req_ref on the request that owns its page; it first
     * gives back to {@code handled} the {@code unconsumed} bytes the buffer still holds (buf->len at
     * release: 0 for a buffer the consumer ate, the rest for one out_release drops after a short or
     * failed consumer), so that the server's resubmission of the remainder is within budget (F10).
     */
    private void release(Tx tx, PipeBuf b, int unconsumed) {
        if (!fixed()) {
            return; // rfc-v1: ublk_pipe_buf_release() is empty
        }
        int io = m.ioOfPage(b.page());
        int q = m.queueOf(io);
        int tag = tx.io(io).tag();
        if (unconsumed > 0) {
            RequestSlot rq = tx.q(q).rq(tag);
            tx.q(q).rq(tag, new RequestSlot(rq.io(), rq.generation(), rq.state(), rq.handled() - unconsumed));
        }
        m.kernel.putRef(tx, q, tag);
    }

    /** The request's segments still to transfer (blk_update_request advanced past {@code done} bytes). */
    List<PipeBuf> segments(int io, int done) {
        List<PipeBuf> out = new ArrayList<>();
        IoSpec spec = m.setup().ios().get(io);
        int skip = done;
        for (int s = 0; s < spec.segments().size(); s++) {
            Segment seg = spec.segments().get(s);
            if (skip >= seg.len()) {
                skip -= seg.len();
                continue;
            }
            out.add(new PipeBuf(m.pageOf(io, s), seg.offset() + skip, seg.len() - skip));
            skip = 0;
        }
        return out;
    }

    /** Ghost request-isolation: the server's own splice must reach the generation it fetched, on its own tag. */
    private static void isolation(Tx tx, SrvOp op, int queue, int q, int tag, RequestSlot rq) {
        if (op.tag() >= 0 && (q != queue || tag != op.tag() || rq.generation() != op.gen())) {
            tx.flaw(new Flaw(Flaw.Kind.OTHER_REQUEST, q, tag, rq.io(), op.gen(), rq.generation()));
        }
    }

    /**
     * One consumer call, then the loop's bookkeeping: {@code ret <= 0} -> out_release;
     * {@code bytes += ret; len -= ret} (size_t, may wrap); {@code ret < read_len} -> out_release;
     * {@code len == 0} -> done.
     */
    void consume(Tx tx, int w) {
        Worker wk = tx.worker(w);
        SpliceLoop l = wk.loop();
        boolean r2r = (wk.running().spliceFlags() & SpliceFlags.READ_TO_READ) != 0;
        if (l.fileOff() == NO_OFFSET) {
            oops(tx, w);
            return;
        }
        long[] opos = {l.fileOff()};
        long ret = r2r ? readConsumer(tx, w, opos, l.readLen()) : writeConsumer(tx, w, opos, l.readLen());
        if (tx.fault() != 0 && ret <= 0 && l.bytes() == 0) {
            // the injected fault's error (or end of file) is what the splice returns: the server commits it
            Fault.excuseOwner(tx, wk.queue(), wk.running());
        }
        tx.fact(Fact.CONSUMED, ret);
        if (ret <= 0) {
            outRelease(tx, w, ret);
            return;
        }
        long bytes = l.bytes() + ret;
        long len = l.len() - ret;
        wk = tx.worker(w);
        tx.worker(w, wk.with(wk.running(), wk.pipe(), new SpliceLoop(l.pos(), opos[0], len, bytes, 0)));
        if (ret < l.readLen()) {
            outRelease(tx, w, ret);
        } else if (len == 0) {
            finish(tx, w, bytes);
        }
    }

    /**
     * direct_splice_actor -> do_splice_from -> iter_file_splice_write (v6.1): writes the pipe's
     * buffers, up to sd->total_len bytes, to the file at *opos and dismisses what it wrote. The
     * model's backing store has a fixed size, so a write past its end is short.
     */
    private long writeConsumer(Tx tx, int w, long[] opos, long totalLen) {
        Worker wk = tx.worker(w);
        int ss = c.sectorSize();
        long end = (long) c.sectors() * ss;
        long want = Math.min(totalLen, wk.pipe().bytes());
        long n = Math.max(0, Math.min(want, end - opos[0]));
        if (Fault.error(tx.fault())) {
            return Fault.errno(tx.fault());   // vfs_iter_write of the backing file failed: nothing written
        }
        n = Fault.backendBytes(tx.fault(), n, ss);
        int[] back = tx.backing().toArray();
        long at = 0;
        for (PipeBuf b : wk.pipe().bufs()) {
            for (int k = 0; k < b.len() / ss && at < n; k++, at += ss) {
                int token = m.data.pageRead(tx, b.page(), b.offset() / ss + k, wk.queue(), wk.running().tag());
                back[(int) ((opos[0] + at) / ss)] = token;
            }
        }
        tx.backing(Sectors.of(back));
        taintMoved(tx, wk, n, opos[0]);
        opos[0] += n;
        dismiss(tx, w, n, wk.pipe().consumedByRead());
        return n;
    }

    /**
     * direct_splice_read_consumer_actor (patch 3/4): -EINVAL unless consumed_by_read; then
     * do_splice_to(out, opos, pipe, sd->total_len, flags, consumer=true), whose length limit is the
     * pipe's occupancy ({@code p_space = pipe_occupancy} buffers, << PAGE_SHIFT), and
     * generic_file_splice_read's consumer branch: WARN_ON_ONCE(!(flags & SPLICE_F_DIRECT)) ->
     * -EINVAL; read the file into the pages of the buffers already in the pipe; on ret > 0
     * splice_dismiss_pipe(ret); then {@code pipe->consumed_by_read = false} whatever ret was.
     */
    private long readConsumer(Tx tx, int w, long[] opos, long totalLen) {
        Worker wk = tx.worker(w);
        Pipe pipe = wk.pipe();
        if (!pipe.consumedByRead()) {
            return -Errno.EINVAL;
        }
        if ((wk.running().spliceFlags() & SpliceFlags.DIRECT) == 0) {
            tx.flaw(new Flaw(Flaw.Kind.WARN_NOT_DIRECT, wk.queue(), wk.running().tag(), -1, 0, 0));
            return -Errno.EINVAL;
        }
        int ss = c.sectorSize();
        long want = Math.min(totalLen, (long) pipe.bufs().size() * c.pageSize());
        long count = Math.min(want, pipe.bytes());
        long end = (long) c.sectors() * ss;
        long n = Math.max(0, Math.min(count, end - opos[0]));
        if (Fault.error(tx.fault())) {
            // the backing file's read failed; generic_file_splice_read's consumer branch still clears
            // consumed_by_read on its way out
            dismiss(tx, w, 0, false);
            return Fault.errno(tx.fault());
        }
        n = Fault.backendBytes(tx.fault(), n, ss);
        long at = 0;
        for (PipeBuf b : pipe.bufs()) {
            for (int k = 0; k < b.len() / ss && at < n; k++, at += ss) {
                int token = tx.backing().get((int) ((opos[0] + at) / ss));
                m.data.pageWrite(tx, b.page(), b.offset() / ss + k, token, wk.queue(), wk.running().tag());
            }
        }
        opos[0] += n;
        taintMoved(tx, wk, n, -1);
        dismiss(tx, w, n, false);
        return n;
    }

    /**
     * The faults that may strike the consumer of worker {@code k}'s splice (the backing file's side;
     * the server's own splices only): an error, a short count, and for READ_TO_READ an end of file.
     */
    void faults(World w, int k, java.util.function.IntConsumer codes) {
        Worker wk = w.workers().get(k);
        SrvOp op = wk.running();
        if (Taint.adversarial(op) || wk.loop().fileOff() == NO_OFFSET) {
            return;
        }
        boolean r2r = (op.spliceFlags() & SpliceFlags.READ_TO_READ) != 0;
        if (r2r && !wk.pipe().consumedByRead()) {
            return;   // refused before the file is touched
        }
        Fault.backend(m, w, r2r, false, (int) Math.min(wk.loop().readLen(), wk.pipe().bytes()), false, codes);
    }

    /** The faults that may strike the start of a splice: the internal pipe's allocation. */
    void startFaults(World w, SrvOp op, java.util.function.IntConsumer codes) {
        if (!Taint.adversarial(op) && op.len() != 0 && Fault.left(m, w, Fault.ALLOC_FAIL)) {
            codes.accept(Fault.ENOMEM);
        }
    }

    /** The IO the correct server issued {@code op} for, or -1 when that request is gone from its tag. */
    private static int issuedFor(Tx tx, int q, SrvOp op) {
        RequestSlot rq = tx.q(q).rq(op.tag());
        return rq.generation() == op.gen() ? rq.io() : -1;
    }

    /**
     * An adversary splice whose consumer moved {@code n > 0} bytes: splice_direct_to_actor then
     * returns a positive count (bytes moved are never taken back), so the call is accepted and
     * taints the IOs whose pages the moved buffers name, and (a write consumer, {@code backingOff} >= 0)
     * the backing sectors it wrote.
     */
    private void taintMoved(Tx tx, Worker wk, long n, long backingOff) {
        if (n <= 0 || !Taint.adversarial(wk.running())) {
            return;
        }
        long at = 0;
        for (PipeBuf b : wk.pipe().bufs()) {
            if (at >= n) {
                break;
            }
            Taint.io(tx, m.ioOfPage(b.page()));
            at += b.len();
        }
        if (backingOff >= 0) {
            Taint.backing(m, tx, backingOff, n);   // the sectors it wrote, nothing else
        }
    }

    /**
     * A NULL *opos reaches the consumer: iter_file_splice_write ({@code .pos = *ppos}) or, for
     * READ_TO_READ, generic_file_splice_read ({@code kiocb.ki_pos = *ppos}) dereferences it. Patch
     * 1/4 passes io_splice's poff_out (NULL for off_out == -1) to do_splice_direct, whose other
     * callers always pass an offset. The worker oopses: its operation never completes (the model
     * keeps it running with no loop, so it takes no further step).
     */
    private void oops(Tx tx, int w) {
        Worker wk = tx.worker(w);
        tx.flaw(new Flaw(Flaw.Kind.OOPS_NULL_PPOS, wk.queue(), wk.running().tag(), -1, 0, 0));
        tx.fact(Fact.OOPS, 1);
        tx.worker(w, wk.with(wk.running(), wk.pipe(), null));
    }

    /** splice_dismiss_pipe (patch 2/4): release fully eaten buffers, trim the partial one. */
    private void dismiss(Tx tx, int w, long n, boolean consumedByRead) {
        Worker wk = tx.worker(w);
        List<PipeBuf> bufs = new ArrayList<>(wk.pipe().bufs());
        long left = n;
        while (left > 0 && !bufs.isEmpty()) {
            PipeBuf b = bufs.get(0);
            if (left >= b.len()) {
                left -= b.len();
                bufs.remove(0); // pipe_buf_release: the RFC's release op is empty
                release(tx, b, 0);
            } else {
                bufs.set(0, new PipeBuf(b.page(), b.offset() + (int) left, b.len() - (int) left));
                left = 0;
            }
        }
        tx.worker(w, wk.with(wk.running(), new Pipe(bufs, consumedByRead), wk.loop()));
    }

    /**
     * out_release: pipe_buf_release on every buffer still in the pipe (the RFC's op is empty, so
     * nothing happens to the pages), {@code if (!bytes) bytes = ret;} then done. consumed_by_read is
     * not touched here.
     */
    private void outRelease(Tx tx, int w, long ret) {
        Worker wk = tx.worker(w);
        long bytes = wk.loop().bytes() == 0 ? ret : wk.loop().bytes();
        tx.fact(Fact.RELEASED, wk.pipe().bufs().size());
        for (PipeBuf b : wk.pipe().bufs()) {
            release(tx, b, b.len());
        }
        finish(tx, w, bytes);
    }

    /**
     * done: {@code pipe->tail = pipe->head = 0} and return bytes; io_uring posts the CQE
     * (io_splice: io_req_set_res). A dying daemon's ring is gone: the CQE is never reaped.
     */
    private void finish(Tx tx, int w, long res) {
        Worker wk = tx.worker(w);
        SrvOp op = wk.running();
        if (res > Integer.toUnsignedLong(op.len())) {
            tx.flaw(new Flaw(Flaw.Kind.SPLICE_OVER_LEN, wk.queue(), op.tag(), -1, (int) res, op.len()));
        }
        tx.worker(w, new Worker(wk.queue(), null, new Pipe(List.of(), wk.pipe().consumedByRead()), null));
        tx.fact(Fact.RES, res);
        Tx.Q qs = tx.q(wk.queue());
        if (!qs.dying) {
            qs.ops().add(op.completed((int) res));
        }
    }
}
