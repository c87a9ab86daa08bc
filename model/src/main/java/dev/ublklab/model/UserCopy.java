package dev.ublklab.model;

/**
 * UBLK_F_USER_COPY (mainline 6.5+, checks as in ublk-protocol.md §5 from ublk_drv.c cb9f145f):
 * read_iter/write_iter on /dev/ublkcN, executed by an io-wq worker in two steps so that a COMMIT
 * can run between them: {@link #start} is ublk_check_and_get_req (the checks in their order, and
 * {@code refcount_inc_not_zero(&io->ref)}), {@link #copy} is ublk_copy_user_pages followed by
 * ublk_put_req_ref, whose last put completes the request.
 */
final class UserCopy {
    private final Model m;
    private final Config c;

    UserCopy(Model m) {
        this.m = m;
        this.c = m.config();
    }

    /**
     * ublk_check_and_get_req: (1) user-backed iter and device not DEAD, else -EACCES (always true
     * here); (2) q_id < nr_hw_queues and tag < queue_depth, else -EINVAL; (3)
     * refcount_inc_not_zero(io->ref), else -EINVAL; (4) the request is started, req->tag == tag,
     * it has data and buf_off <= blk_rq_bytes, else put and -EINVAL; (5) direction: a write into a
     * READ request, a read from a WRITE request, else put and -EACCES. On success the worker keeps
     * the reference until {@link #copy}.
     */
    void start(Tx tx, int w, SrvOp op) {
        Worker wk = tx.worker(w).with(op, tx.worker(w).pipe(), null);
        tx.worker(w, wk);
        tx.fact(Fact.SQE, op.kind().sqe());
        if (tx.fault() == Fault.ENOMEM) {
            // io_uring/rw.c io_prep_rw -> io_rw_alloc_async failed: the CQE is -ENOMEM, ublk is never called
            Fault.excuseOwner(tx, wk.queue(), op);
            finish(tx, w, -Errno.ENOMEM);
            return;
        }
        int err = check(tx, wk.queue(), op);
        if (err != 0) {
            finish(tx, w, err);
        }
    }

    private int check(Tx tx, int queue, SrvOp op) {
        int q = UserCopyPos.queue(op.pos());
        int tag = UserCopyPos.tag(op.pos());
        long off = UserCopyPos.offset(op.pos());
        if (op.pos() < 0) {
            return -Errno.EINVAL; // rw_verify_area: negative position on a char device
        }
        if (q >= c.queues() || tag >= c.depth()) {
            return -Errno.EINVAL;
        }
        Tx.Q qs = tx.q(q);
        IoSlot slot = qs.slot(tag);
        if (slot.ref() == 0) {
            return -Errno.EINVAL; // refcount_inc_not_zero failed: no request handed to the server
        }
        RequestSlot rq = qs.rq(tag);
        if (!rq.allocated() || !rq.started()) {
            return -Errno.EINVAL;
        }
        ReqOp rop = m.setup().ios().get(rq.io()).op();
        if (!rop.hasData() || off > m.rqBytes(tx.io(rq.io()), rq.io())) {
            return -Errno.EINVAL; // the get and the put happen in this one step
        }
        boolean write = op.kind() == SrvOp.Kind.USER_WRITE;
        if (write != (rop == ReqOp.READ)) {
            return -Errno.EACCES; // ublk_check_ubuf_dir
        }
        qs.slot(tag, slot.withRef(slot.ref() + 1, slot.res()));
        tx.fact(Fact.REF, slot.ref() + 1L);
        if (op.tag() >= 0 && (q != queue || tag != op.tag() || rq.generation() != op.gen())) {
            tx.flaw(new Flaw(Flaw.Kind.OTHER_REQUEST, q, tag, rq.io(), op.gen(), rq.generation()));
        }
        return 0;
    }

    /**
     * ublk_copy_user_pages from buf_off to the end of the request (a copy past the end is short),
     * between the request pages and the server buffer of the owner tag at the same offset; then
     * ublk_put_req_ref: the put that reaches zero completes the request with io->res.
     */
    void copy(Tx tx, int w) {
        Worker wk = tx.worker(w);
        SrvOp op = wk.running();
        int q = UserCopyPos.queue(op.pos());
        int tag = UserCopyPos.tag(op.pos());
        long off = UserCopyPos.offset(op.pos());
        Tx.Q qs = tx.q(q);
        RequestSlot rq = qs.rq(tag);
        int io = rq.io();
        int ss = c.sectorSize();
        IoState s = tx.io(io);
        long n = Math.max(0, Math.min(Integer.toUnsignedLong(op.len()), m.rqBytes(s, io) - off));
        if (tx.fault() >= Fault.COPY) {
            // ublk_copy_user_pages: pinning (6.12.118 iov_iter_get_pages2) or copying (7.3.4
            // _copy_to_iter/_copy_from_iter) the server's pages stops at a page: the call returns what it copied
            n = Fault.copyBytes(tx.fault(), n, c.pageSize());
            if (n == 0) {
                Fault.excuseOwner(tx, wk.queue(), op);   // pread/pwrite returns 0: the server commits -EIO
            }
        }
        Tx.Q own = tx.q(wk.queue());
        int bufTag = op.tag() >= 0 ? op.tag() : -1;
        int[] buf = bufTag >= 0 ? own.srv(bufTag).buf().toArray() : null;
        int first = (int) ((s.done() + off) / ss);
        for (int k = 0; k < n / ss; k++) {
            int b = (int) (off / ss) + k;
            if (op.kind() == SrvOp.Kind.USER_READ) {
                int token = m.data.ioRead(tx, io, first + k, q, tag);
                if (buf != null && b < buf.length) buf[b] = token;
            } else {
                int token = buf != null && b < buf.length ? buf[b] : Token.junk();
                m.data.ioWrite(tx, io, first + k, token, q, tag);
            }
        }
        if (buf != null) {
            own.srv(bufTag, own.srv(bufTag).withBuf(Sectors.of(buf)));
        }
        if (Taint.adversarial(op)) {
            Taint.io(tx, io);   // the adversary's copy got a reference to the request (accepted) and moved its bytes
        }
        tx.fact(Fact.COPIED, n);
        m.kernel.putRef(tx, q, tag);
        finish(tx, w, n);
    }

    /** The copy faults that may strike worker {@code k}'s copy (the server's own copies only). */
    void faults(World w, int k, java.util.function.IntConsumer codes) {
        SrvOp op = w.workers().get(k).running();
        if (Taint.adversarial(op)) {
            return;
        }
        int q = UserCopyPos.queue(op.pos());
        int tag = UserCopyPos.tag(op.pos());
        RequestSlot rq = w.queue(q).rqs().get(tag);
        if (rq.io() < 0) {
            return;
        }
        long n = Math.max(0, Math.min(Integer.toUnsignedLong(op.len()), m.rqBytes(w.io(rq.io()), rq.io())
                - UserCopyPos.offset(op.pos())));
        Fault.copy(m, w, n, codes);
    }

    /** The faults that may strike the start of a user copy: io_uring's async read/write state allocation. */
    void startFaults(World w, SrvOp op, java.util.function.IntConsumer codes) {
        if (!Taint.adversarial(op) && Fault.left(m, w, Fault.ALLOC_FAIL)) {
            codes.accept(Fault.ENOMEM);
        }
    }

    private void finish(Tx tx, int w, long res) {
        Worker wk = tx.worker(w);
        SrvOp op = wk.running();
        if (res > Integer.toUnsignedLong(op.len())) {
            tx.flaw(new Flaw(Flaw.Kind.USER_COPY_OVER_LEN, wk.queue(), op.tag(), -1, (int) res, op.len()));
        }
        tx.worker(w, new Worker(wk.queue(), null, wk.pipe(), null));
        tx.fact(Fact.RES, res);
        Tx.Q qs = tx.q(wk.queue());
        if (!qs.dying) {
            qs.ops().add(op.completed((int) res));
        }
    }
}
