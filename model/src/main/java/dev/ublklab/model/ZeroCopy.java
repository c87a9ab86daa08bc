package dev.ublklab.model;

/**
 * Mainline zero copy, UBLK_F_SUPPORT_ZERO_COPY (6.15+; ublk-protocol.md §6). Kernel lines are
 * drivers/block/ublk_drv.c at cb9f145f (about 6.17) and io_uring/rsrc.c / rw.c of 6.15-6.17.
 *
 * <p>REGISTER_IO_BUF (a uring_cmd, executed at issue: {@link #register}) installs the request's
 * bvecs as a kernel buffer node in a slot of the issuing daemon's fixed-buffer table and takes an
 * io reference; READ_FIXED / WRITE_FIXED on the backing file import the node at issue
 * ({@link #issueFixed}: the node is held by the operation from then on) and move data between the
 * backing store and the request's pages when they execute ({@link #execute}); UNREGISTER_IO_BUF
 * ({@link #unregister}) empties the slot. The node dies when neither its slot nor an operation holds
 * it any more, and its release callback, ublk_io_release, puts the io reference: a request whose
 * COMMIT_AND_FETCH_REQ came first completes then ({@link Kernel#putRef}). The daemon's death frees
 * the ring and with it every slot ({@link #teardown}).
 *
 * <p>References: on the daemon's own task ublk_daemon_register_io_buf counts the buffer in
 * {@code io->task_registered_buffers} instead of {@code io->ref}, ublk_io_release on that task
 * decrements the counter, and ublk_sub_req_ref at COMMIT subtracts
 * {@code UBLK_REFCOUNT_INIT - task_registered_buffers} from io->ref. Their sum behaves as one
 * reference per live buffer on top of the bias, which is what {@link IoSlot#ref()} counts.
 */
final class ZeroCopy {
    private final Model m;
    private final Config c;

    ZeroCopy(Model m) {
        this.m = m;
        this.c = m.config();
    }

    private boolean zeroCopy() {
        return c.variant() == Variant.ZERO_COPY;
    }

    /**
     * The daemon's fixed-buffer table size ({@code buf_table.nr}): a zero-copy server registers a
     * sparse table of queue_depth entries (IORING_REGISTER_BUFFERS2 with IORING_RSRC_REGISTER_SPARSE,
     * as kublk and the real server do); a server of another variant registers none.
     */
    int tableSize() {
        return zeroCopy() ? c.depth() : 0;
    }

    /** io_rsrc_node_lookup: the index in {@code bufs} of the node in {@code slot}, or -1 (also past buf_table.nr). */
    static int lookup(Tx.Q qs, int slot) {
        for (int i = 0; i < qs.bufCount(); i++) {
            if (qs.buf(i).slot() == slot) {
                return i;
            }
        }
        return -1;
    }

    /**
     * UBLK_U_IO_REGISTER_IO_BUF {q_id, tag, addr = slot} from the daemon of queue {@code q}, in
     * ublk_ch_uring_cmd_local's order: q_id >= nr_hw_queues or tag >= queue_depth: -EINVAL. A tag
     * of another queue was FETCHed by another task ({@code io->task != current}), and only
     * REGISTER_IO_BUF passes from there, to ublk_register_io_buf: no zero copy -EINVAL, then
     * __ublk_check_and_get_req(ub, q_id, tag, io, 0) (refcount_inc_not_zero(&io->ref), the request
     * started and {@code req->tag == tag}, ublk_rq_has_data; else -EINVAL). On its own task:
     * !(io->flags & UBLK_IO_FLAG_OWNED_BY_SRV): -EBUSY; ublk_daemon_register_io_buf: no zero copy
     * or !ublk_rq_has_data(io->req): -EINVAL. Then io_buffer_register_bvec: index >= buf_table.nr
     * -EINVAL, slot taken -EBUSY (the failed off-task path puts its reference back); the node gets
     * {@code imu->len = blk_rq_bytes(rq)}, {@code imu->dir = 1 << rq_data_dir(rq)}. Returns 0 or -errno.
     */
    int register(Tx tx, int q, int owner, int gen, int tq, int tt, int slot) {
        if (tq >= c.queues() || tt >= c.depth()) {
            return -Errno.EINVAL;
        }
        Tx.Q target = tx.q(tq);
        IoSlot io = target.slot(tt);
        RequestSlot rq = target.rq(tt);
        boolean data = rq.allocated() && m.setup().ios().get(rq.io()).op().hasData();
        if (tq != q) {
            if (!zeroCopy() || io.ref() == 0 || !rq.allocated() || !rq.started() || !data) {
                return -Errno.EINVAL;
            }
        } else {
            if (!io.has(IoSlot.OWNED_BY_SRV)) {
                return -Errno.EBUSY;
            }
            if (!zeroCopy() || !data) {
                return -Errno.EINVAL;
            }
        }
        Tx.Q ring = tx.q(q);
        if (slot < 0 || slot >= tableSize()) {
            return -Errno.EINVAL;
        }
        if (lookup(ring, slot) >= 0) {
            if (owner >= 0) {
                // the correct server registers its own request into slot = tag and empties it before
                // committing: a taken slot is one the adversary filled (Taint)
                Taint.io(tx, rq.io());
            }
            return -Errno.EBUSY;
        }
        if (tx.fault() == Fault.ENOMEM && owner >= 0) {
            // io_buffer_register_bvec allocates the rsrc node and the imu with its bvec array after the
            // slot checks (io_uring/rsrc.c: io_rsrc_node_alloc, io_alloc_imu): an injected -ENOMEM; the
            // daemon's own path took no reference yet. The correct server commits the error.
            Fault.excuse(tx, gen == rq.generation() && tq == q && tt == owner ? rq.io() : -1);
            return -Errno.ENOMEM;
        }
        IoState s = tx.io(rq.io());
        boolean write = m.setup().ios().get(rq.io()).op() == ReqOp.WRITE;
        ring.bufs().add(new FixedBuf(rq.io(), tq, tt, rq.generation(), write, s.done(), m.rqBytes(s, rq.io()), slot, 0));
        if (owner < 0) {
            Taint.io(tx, rq.io());   // the adversary's accepted registration of this request's buffer
        }
        io = target.slot(tt);
        target.slot(tt, io.withRef(io.ref() + 1, io.res()));
        tx.fact(Fact.REF, io.ref() + 1L);
        if (owner >= 0 && (tq != q || tt != owner || rq.generation() != gen)) {
            tx.flaw(new Flaw(Flaw.Kind.OTHER_REQUEST, tq, tt, rq.io(), gen, rq.generation()));
        }
        return 0;
    }

    /**
     * UBLK_U_IO_UNREGISTER_IO_BUF {addr = slot} on the daemon of {@code q}: ublk_ch_uring_cmd_local
     * hands it on before any q_id, tag or task check ("io_buffer_unregister_bvec() doesn't access the
     * ubq or io"); ublk_unregister_io_buf: no UBLK_F_SUPPORT_ZERO_COPY -EINVAL;
     * io_buffer_unregister_bvec: index >= buf_table.nr -EINVAL, empty slot -EINVAL (a user buffer,
     * -EBUSY, is never in this table), then io_put_rsrc_node and the slot is emptied.
     */
    int unregister(Tx tx, int q, int slot, boolean adversary) {
        if (!zeroCopy() || slot < 0 || slot >= tableSize()) {
            return -Errno.EINVAL;
        }
        Tx.Q ring = tx.q(q);
        int i = lookup(ring, slot);
        if (i < 0) {
            return -Errno.EINVAL;
        }
        if (adversary) {
            Taint.io(tx, ring.buf(i).io());   // the adversary's accepted unregistration of this request's buffer
        }
        ring.bufs().set(i, ring.buf(i).withSlot(-1));
        drop(tx, q, i);
        return 0;
    }

    /**
     * IORING_OP_READ_FIXED / WRITE_FIXED with buf_index {@code slot} issued by the daemon of
     * {@code q}: since 6.15 the buffer is imported at issue (io_read_fixed / io_write_fixed ->
     * io_init_rw_fixed -> io_import_reg_buf), so that a REGISTER_IO_BUF linked before it has run.
     * io_find_buf_node takes a reference on the node ({@code req->buf_node}); no node: -EFAULT.
     * io_import_fixed: validate_fixed_range (addr + len past {@code imu->ubuf + imu->len}, with
     * ubuf 0 for a kernel buffer: -EFAULT; a range past the buffer is refused, not shortened), then
     * {@code !(imu->dir & (1 << ddir))}: -EFAULT (READ_FIXED imports ITER_DEST == READ, WRITE_FIXED
     * ITER_SOURCE == WRITE). A refused operation completes at once; the model does not keep its
     * node reference, which the kernel drops when it frees the request.
     */
    SrvOp issueFixed(Tx tx, int q, int owner, int gen, int slot, long offset, int len, boolean write, long fileOff) {
        Tx.Q ring = tx.q(q);
        int i = slot >= 0 && slot < tableSize() ? lookup(ring, slot) : -1;
        int err = 0;
        if (i < 0) {
            err = -Errno.EFAULT;
        } else if (offset < 0 || offset + Integer.toUnsignedLong(len) > ring.buf(i).len()) {
            err = -Errno.EFAULT;
        } else if (ring.buf(i).write() != write) {
            err = -Errno.EFAULT;
        }
        if (err != 0) {
            return SrvOp.fixedRefused(write, owner, gen, offset, len, fileOff, err);
        }
        FixedBuf b = ring.buf(i);
        ring.bufs().set(i, b.withUsers(b.users() + 1));
        if (owner >= 0 && (b.queue() != q || b.tag() != owner || b.gen() != gen)) {
            tx.flaw(new Flaw(Flaw.Kind.OTHER_REQUEST, b.queue(), b.tag(), b.io(), gen, b.gen()));
        }
        return SrvOp.fixed(write, owner, gen, offset, len, fileOff, i);
    }

    /**
     * The read or write itself: READ_FIXED reads the backing file at fileOff into the request's
     * pages from the buffer's offset on (short at the end of the backing file), WRITE_FIXED writes
     * them to the file; every page access is ghost-checked against the page's release. Then the
     * operation's node reference goes (io_req_put_rsrc_nodes when the request is freed). Returns
     * the bytes moved.
     */
    long execute(Tx tx, int q, SrvOp op) {
        FixedBuf b = tx.q(q).buf(op.node());
        int ss = c.sectorSize();
        long end = (long) c.sectors() * ss;
        long n = Math.max(0, Math.min(Integer.toUnsignedLong(op.len()), end - op.fileOff()));
        int fault = Taint.adversarial(op) ? 0 : tx.fault();
        if (Fault.error(fault)) {
            n = 0;   // the backing file's read or write failed (or io_uring's allocation): nothing moves
        } else {
            n = Fault.backendBytes(fault, n, ss);
        }
        if (fault != 0 && n == 0) {
            Fault.excuseOwner(tx, q, op);
        }
        int first = (int) ((b.base() + op.pos()) / ss);
        int file = (int) (op.fileOff() / ss);
        int[] back = op.kind() == SrvOp.Kind.WRITE_FIXED ? tx.backing().toArray() : null;
        for (int k = 0; k < n / ss; k++) {
            if (back == null) {
                m.data.ioWrite(tx, b.io(), first + k, tx.backing().get(file + k), b.queue(), b.tag());
            } else {
                back[file + k] = m.data.ioRead(tx, b.io(), first + k, b.queue(), b.tag());
            }
        }
        if (back != null) {
            tx.backing(Sectors.of(back));
        }
        if (Taint.adversarial(op)) {
            // the adversary's accepted READ_FIXED / WRITE_FIXED moved this request's bytes
            Taint.io(tx, b.io());
            if (back != null) {
                Taint.backing(m, tx, op.fileOff(), n);
            }
        }
        if (b.base() + op.pos() + n > m.bytes(b.io())) {
            tx.flaw(new Flaw(Flaw.Kind.FIXED_PAST_END, b.queue(), b.tag(), b.io(), (int) (b.base() + op.pos() + n), m.bytes(b.io())));
        }
        assert b.users() > 0 : "buffer node " + op.node() + " of queue " + q + " has no user to put";
        tx.q(q).bufs().set(op.node(), b.withUsers(b.users() - 1));
        drop(tx, q, op.node());
        return Fault.error(fault) ? Fault.errno(fault) : n;
    }

    /**
     * The daemon died: its ring is freed once its requests are done (io_ring_exit_work, then
     * io_ring_ctx_free -> io_sqe_buffers_unregister), which puts every node in the table; a node
     * that an operation still holds dies when that operation ends.
     */
    void teardown(Tx tx, int q) {
        Tx.Q ring = tx.q(q);
        for (int i = ring.bufCount() - 1; i >= 0; i--) {
            if (ring.buf(i).slot() >= 0) {
                ring.bufs().set(i, ring.buf(i).withSlot(-1));
                drop(tx, q, i);
            }
        }
    }

    /**
     * io_put_rsrc_node reached zero for node {@code i} of ring {@code q}: io_free_rsrc_node ->
     * io_buffer_unmap -> {@code imu->release(imu->priv)}, which is ublk_io_release: it puts the
     * request's io reference (the last put completes it). The ring's later nodes move down one
     * index, and so do the operations that hold them.
     */
    private void drop(Tx tx, int q, int i) {
        Tx.Q ring = tx.q(q);
        FixedBuf b = ring.buf(i);
        if (!b.dead()) {
            return;
        }
        ring.bufs().remove(i);
        java.util.List<SrvOp> ops = ring.ops();
        for (int k = 0; k < ops.size(); k++) {
            SrvOp o = ops.get(k);
            if (o.holdsNode() && o.node() > i) {
                ops.set(k, o.withNode(o.node() - 1));
            }
        }
        tx.fact(Fact.RELEASED, 1);
        m.kernel.putRef(tx, b.queue(), b.tag());
    }
}
