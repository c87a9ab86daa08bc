package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;
import java.util.List;

/**
 * The ublk server: one daemon per queue talking io_uring. For each fetched request it runs a plan
 * (the correct one, or the scenario's script) one SQE at a time: {@link #issue} submits the next
 * SQE (uring_cmds execute inline), {@link #execute} runs it, {@link #cqe} reaps its CQE.
 */
final class Server {
    private static final List<Action> CORRECT = List.of(new Action.Transfer(), new Action.Commit(null));

    private final Model m;
    private final Config c;
    private final List<Rogue> domain;
    /** Per IO, the plan the server runs for it (looked up on every enabled() call). */
    private final List<List<Action>> plans;

    Server(Model m) {
        this.m = m;
        this.c = m.config();
        this.domain = adversaryDomain();
        List<List<Action>> p = new java.util.ArrayList<>();
        for (int io = 0; io < m.setup().ios().size(); io++) {
            p.add(switch (m.setup().server()) {
                case ServerSpec.Correct k -> CORRECT;
                case ServerSpec.Adversarial a -> CORRECT;
                case ServerSpec.Script s -> s.plans().get(io) != null ? s.plans().get(io) : CORRECT;
            });
        }
        this.plans = List.copyOf(p);
    }

    List<Action> plan(int io) {
        return plans.get(io);
    }

    void enabledTag(World w, int q, int t, List<Event> out) {
        QueueState qs = w.queue(q);
        if (qs.dying()) {
            return;
        }
        SrvTag st = qs.srv().get(t);
        if (st.phase() == SrvTag.Phase.FETCH_CQE) {
            out.add(new Event.Fetch(q, t, qs.rqs().get(t).io()));
        } else if (st.phase() == SrvTag.Phase.WORKING && next(w, st) >= 0) {
            out.add(new Event.Issue(q, t, st.io()));
        }
    }

    void enabledOp(World w, int q, int i, List<Event> out) {
        QueueState qs = w.queue(q);
        SrvOp op = qs.ops().get(i);
        if (op.state() == SrvOp.State.ISSUED && op.kind().onWorker()) {
            // io-wq: any idle worker of the queue may take it; idle workers differ only in their
            // pipe, so one per distinct pipe state is offered.
            List<Pipe> seen = new java.util.ArrayList<>();
            for (int k = 0; k < w.workers().size(); k++) {
                Worker wk = w.workers().get(k);
                if (wk.queue() == q && wk.idle() && !seen.contains(wk.pipe())) {
                    seen.add(wk.pipe());
                    out.add(new Event.WorkerStart(k, q, i, op.tag()));
                }
            }
        } else if (op.state() == SrvOp.State.ISSUED) {
            out.add(new Event.Execute(q, i, op.tag()));
        } else if (!qs.dying()) {
            out.add(new Event.Cqe(q, i, op.tag()));
        }
    }

    /** staged is 0 after every error CQE but a zero-copy one: a registered buffer is unregistered first. */
    private static boolean transferDone(SrvTag st) {
        return (st.err() != 0 && st.staged() == 0) || (st.done() >= st.bytes() && st.staged() == 0)
                || !(st.op().hasData() || st.op() == ReqOp.DISCARD);
    }

    /** Index in the plan of the action to issue next, or -1 when the server waits (or is done). */
    private int next(World w, SrvTag st) {
        List<Action> plan = plan(st.io());
        for (int pc = st.pc(); pc < plan.size(); pc++) {
            Action a = plan.get(pc);
            if (a instanceof Action.Transfer) {   // the correct server's common case, before the type switch
                if (st.inflight() > 0) return -1;
                if (!transferDone(st)) return pc;
                continue;
            }
            switch (a) {
                case Action.Transfer x -> { }   // above
                case Action.WaitFor x -> {
                    if (!m.ended(w, m.ioIndex(x.io()))) return -1;
                }
                case Action.Commit x -> {
                    return st.inflight() > 0 ? -1 : pc;
                }
                case Action.Crash x -> {
                    return pc;
                }
                case Action.Splice x -> {
                    return st.inflight() > 0 ? -1 : pc;
                }
                case Action.UserCopy x -> {
                    return st.inflight() > 0 ? -1 : pc;
                }
                case Action.Register x -> {
                    return st.inflight() > 0 ? -1 : pc;
                }
                case Action.Unregister x -> {
                    return st.inflight() > 0 ? -1 : pc;
                }
                case Action.Fixed x -> {
                    return st.inflight() > 0 ? -1 : pc;
                }
            }
        }
        return -1;
    }

    /** The server reaps the fetch CQE and reads the iod: op, start_sector, nr_sectors. */
    void fetch(Tx tx, int q, int t) {
        Tx.Q qs = tx.q(q);
        RequestSlot rq = qs.rq(t);
        int io = rq.io();
        if (!rq.allocated()) {
            // An adversarial COMMIT ended the request before this CQE was reaped: the iod describes a
            // request that is gone; the server drops it and waits for the tag's next fetch.
            qs.srv(t, SrvTag.waiting(qs.srv(t).buf()));
            tx.fact("stale", 1);
            return;
        }
        IoState s = tx.io(io);
        IoSpec spec = m.setup().ios().get(io);
        // An empty REQ_PREFLUSH (fsync) never reaches the driver itself: blk_insert_flush parks it and
        // blk_kick_flush dispatches the queue's flush_rq, which blk_rq_init left at __sector
        // (sector_t)-1, so ublk_setup_iod's blk_rq_pos(req) is -1 (6.12.118 and 7.3.4 block/blk-flush.c
        // blk_kick_flush 299/300 "blk_rq_init(q, flush_rq)", block/blk-mq.c 407/379; seen on both guests).
        int sector = spec.op() == ReqOp.FLUSH ? -1 : (int) spec.sector() + s.done() / c.sectorSize();
        int bytes = m.rqBytes(s, io);
        SrvTag st = qs.srv(t);
        qs.srv(t, new SrvTag(SrvTag.Phase.WORKING, io, rq.generation(), spec.op(), sector, bytes, 0, 0, 0, 0, 0, st.buf()));
        tx.fact("op", spec.op().name());
        tx.fact("sector", sector);
        tx.fact("bytes", bytes);
    }

    void issue(World w, Tx tx, int q, int t) {
        Tx.Q qs = tx.q(q);
        SrvTag st = qs.srv(t);
        int pc = next(w, st);
        switch (plan(st.io()).get(pc)) {
            case Action.Transfer x -> issueTransfer(tx, q, t, st, pc);
            case Action.Commit x -> {
                int result = x.result() != null ? x.result() : autoResult(st);
                tx.fact("sqe", "COMMIT_AND_FETCH_REQ");
                tx.fact("result", result);
                int res = m.kernel.commit(tx, q, t, result);
                if (res < 0) {
                    qs.ops().add(new SrvOp(SrvOp.Kind.COMMIT, t, st.gen(), 0, 0, 0, 0, SrvOp.State.CQE, res));
                    qs.srv(t, st.progress(st.done(), st.err(), pc + 1, st.inflight() + 1));
                } else {
                    qs.srv(t, SrvTag.waiting(qs.srv(t).buf()));
                }
            }
            case Action.WaitFor x -> throw new IllegalStateException("waitFor is never issued");
            case Action.Crash x -> {
                tx.fact("sqe", "crash");
                qs.srv(t, st.progress(st.done(), st.err(), pc + 1, st.inflight()));
                m.kernel.crash(tx, q);
            }
            case Action.Splice x -> {
                qs.ops().add(spliceOp(q, t, st.gen(), st.sector(), x));
                qs.srv(t, st.progress(st.done(), st.err(), pc + 1, st.inflight() + 1));
                tx.fact("sqe", "SPLICE");
            }
            case Action.UserCopy x -> {
                qs.ops().add(userCopyOp(q, t, st.gen(), x));
                qs.srv(t, st.progress(st.done(), st.err(), pc + 1, st.inflight() + 1));
                tx.fact("sqe", x.write() ? "USER_WRITE" : "USER_READ");
            }
            case Action.Register x -> issueZeroCopy(tx, q, t, st, pc, x);
            case Action.Unregister x -> issueZeroCopy(tx, q, t, st, pc, x);
            case Action.Fixed x -> issueZeroCopy(tx, q, t, st, pc, x);
        }
    }

    /** A script's REGISTER_IO_BUF, UNREGISTER_IO_BUF, READ_FIXED or WRITE_FIXED for the request on {@code t}. */
    private void issueZeroCopy(Tx tx, int q, int t, SrvTag st, int pc, Action x) {
        SrvOp op = zeroCopyOp(tx, q, t, st.gen(), st.sector(), x, 0);
        tx.q(q).ops().add(op);
        tx.q(q).srv(t, st.progress(st.done(), st.err(), pc + 1, st.inflight() + 1));
    }

    /**
     * A zero-copy action of the daemon of {@code q} for owner tag {@code t} (-1: an adversarial one):
     * REGISTER_IO_BUF and UNREGISTER_IO_BUF are uring_cmds that execute here and leave their CQE;
     * READ_FIXED / WRITE_FIXED import their buffer here (ZeroCopy#issueFixed). Null fields mean the
     * request's own: its queue and tag, slot = tag (kublk and the real server register each tag's
     * buffer in the slot of the same index), fileOff = its start sector * 512 + offset.
     * {@code mark} is the operation's user_data mark (SrvOp#OWN_BUF for the correct transfer's).
     */
    private SrvOp zeroCopyOp(Tx tx, int q, int t, int gen, int sector, Action x, int mark) {
        SrvOp op = switch (x) {
            case Action.Register r -> {
                int slot = r.slot() != null ? r.slot() : t;
                int res = m.zeroCopy.register(tx, q, t, gen, r.queue() != null ? r.queue() : q, r.tag() != null ? r.tag() : t, slot);
                yield new SrvOp(SrvOp.Kind.REGISTER_IO_BUF, t, gen, slot, 0, 0, mark, SrvOp.State.CQE, res);
            }
            case Action.Unregister u -> {
                int slot = u.slot() != null ? u.slot() : t;
                yield new SrvOp(SrvOp.Kind.UNREGISTER_IO_BUF, t, gen, slot, 0, 0, mark, SrvOp.State.CQE,
                        m.zeroCopy.unregister(tx, q, slot, t < 0));
            }
            case Action.Fixed f -> m.zeroCopy.issueFixed(tx, q, t, gen, f.slot() != null ? f.slot() : t, f.offset(), f.len(),
                    f.write(), f.fileOff() != null ? f.fileOff() : (long) sector * c.sectorSize() + f.offset());
            default -> throw new IllegalStateException(x.kind() + " is not a zero-copy action");
        };
        tx.fact("sqe", op.kind().name());
        if (x instanceof Action.Fixed f) {
            tx.fact("slot", f.slot() != null ? f.slot() : t);
            tx.fact("offset", op.pos());
            tx.fact("len", op.len());
            tx.fact("fileOff", op.fileOff());
        } else {
            tx.fact("slot", op.pos());
        }
        if (op.state() == SrvOp.State.CQE) {
            tx.fact("res", op.res());
        }
        return op;
    }

    /** IORING_OP_SPLICE for a script or adversarial action: the position built with ublk_pos(). */
    private SrvOp spliceOp(int q, int t, int gen, int sector, Action.Splice x) {
        int tq = x.queue() != null ? x.queue() : q;
        int tt = x.tag() != null ? x.tag() : t;
        long fileOff = x.fileOff() != null ? x.fileOff() : (long) sector * c.sectorSize() + x.offset();
        return new SrvOp(SrvOp.Kind.SPLICE, t, gen, RfcPos.encode(tq, tt, x.offset()), x.len(), fileOff, x.flags(),
                SrvOp.State.ISSUED, 0);
    }

    /** pread/pwrite on /dev/ublkcN for a script or adversarial action, at the mainline position. */
    private SrvOp userCopyOp(int q, int t, int gen, Action.UserCopy x) {
        int tq = x.queue() != null ? x.queue() : q;
        int tt = x.tag() != null ? x.tag() : t;
        SrvOp.Kind kind = x.write() ? SrvOp.Kind.USER_WRITE : SrvOp.Kind.USER_READ;
        return new SrvOp(kind, t, gen, UserCopyPos.encode(tq, tt, x.offset()), x.len(), -1, 0, SrvOp.State.ISSUED, 0);
    }

    private static int autoResult(SrvTag st) {
        if (st.err() != 0) {
            return st.err();
        }
        return st.op() == ReqOp.FLUSH ? 0 : st.done();
    }

    /**
     * The correct server's next SQE for the request: per variant (MODEL.md §4). copy: backing
     * READ/WRITE on the server buffer. RFC: one IORING_OP_SPLICE from ublk_pos(q, tag, done) to the
     * backing file at sector * 512 + done, SPLICE_F_DIRECT (| SPLICE_F_READ_TO_READ for READ).
     * user-copy: WRITE = pread from /dev/ublkcN then backing write; READ = backing read then pwrite.
     * {@code chunk} bounds every SQE's length.
     */
    private void issueTransfer(Tx tx, int q, int t, SrvTag st, int pc) {
        boolean zc = c.variant() == Variant.ZERO_COPY && st.op().hasData();
        int left = (st.staged() > 0 && !zc ? st.staged() : st.bytes() - st.done());
        int chunk = m.setup().server().chunk();
        int len = chunk > 0 ? Math.min(chunk, left) : left;
        long fileOff = (long) st.sector() * c.sectorSize() + st.done();
        if (zc) {
            tx.q(q).ops().add(zeroCopyTransfer(tx, q, t, st, len, fileOff));
            tx.q(q).srv(t, st.progress(st.done(), st.err(), pc, st.inflight() + 1));
            return;
        }
        SrvOp op = switch (st.op()) {
            case DISCARD -> new SrvOp(SrvOp.Kind.BACKEND_DISCARD, t, st.gen(), st.done(), len, fileOff, 0, SrvOp.State.ISSUED, 0);
            case FLUSH -> throw new IllegalStateException("FLUSH has nothing to transfer");
            case READ, WRITE -> dataOp(q, t, st, st.staged() > 0 ? st.staged() : len, fileOff);
        };
        tx.q(q).ops().add(op);
        tx.q(q).srv(t, st.progress(st.done(), st.err(), pc, st.inflight() + 1));
        tx.fact("sqe", op.kind().name());
        tx.fact("len", op.len());
        tx.fact("fileOff", fileOff);
    }

    /**
     * The correct zero-copy server's next SQE (the real QueueDaemon's and kublk's order):
     * REGISTER_IO_BUF {q, tag, addr = tag}; once registered, READ_FIXED (READ request: backing file
     * into the request pages) or WRITE_FIXED (WRITE: pages to the file) with buf_index = tag,
     * addr = done, at most {@code len} bytes; when all is done or a transfer failed,
     * UNREGISTER_IO_BUF {addr = tag}. {@code staged} is 1 while its buffer is registered.
     */
    private SrvOp zeroCopyTransfer(Tx tx, int q, int t, SrvTag st, int len, long fileOff) {
        Action a = st.staged() == 0 ? new Action.Register(q, t, t)
                : st.err() == 0 && st.done() < st.bytes() ? new Action.Fixed(t, st.done(), len, st.op() == ReqOp.WRITE, fileOff)
                : new Action.Unregister(t);
        return zeroCopyOp(tx, q, t, st.gen(), st.sector(), a, SrvOp.OWN_BUF);
    }

    private SrvOp dataOp(int q, int t, SrvTag st, int len, long fileOff) {
        boolean read = st.op() == ReqOp.READ;
        return switch (c.variant()) {
            case ZERO_COPY -> throw new IllegalStateException("zero-copy transfers are issued by zeroCopyTransfer");
            case COPY -> new SrvOp(read ? SrvOp.Kind.BACKEND_READ : SrvOp.Kind.BACKEND_WRITE, t, st.gen(),
                    st.done(), len, fileOff, 0, SrvOp.State.ISSUED, 0);
            case RFC_V1, RFC_FIXED -> new SrvOp(SrvOp.Kind.SPLICE, t, st.gen(), RfcPos.encode(q, t, st.done()), len,
                    fileOff, SpliceFlags.DIRECT | (read ? SpliceFlags.READ_TO_READ : 0), SrvOp.State.ISSUED, 0);
            case USER_COPY -> {
                boolean first = st.staged() == 0;
                long pos = UserCopyPos.encode(q, t, st.done());
                if (read) {
                    yield first ? new SrvOp(SrvOp.Kind.BACKEND_READ, t, st.gen(), st.done(), len, fileOff,
                            SrvOp.FIRST_HALF, SrvOp.State.ISSUED, 0)
                            : new SrvOp(SrvOp.Kind.USER_WRITE, t, st.gen(), pos, len, -1, 0, SrvOp.State.ISSUED, 0);
                }
                yield first ? new SrvOp(SrvOp.Kind.USER_READ, t, st.gen(), pos, len, -1, SrvOp.FIRST_HALF,
                        SrvOp.State.ISSUED, 0)
                        : new SrvOp(SrvOp.Kind.BACKEND_WRITE, t, st.gen(), st.done(), len, fileOff, 0, SrvOp.State.ISSUED, 0);
            }
        };
    }

    /** An idle io-wq worker takes the operation at {@code index}: it leaves the ring's list while it runs. */
    void workerStart(Tx tx, int w, int q, int index) {
        SrvOp op = tx.q(q).ops().remove(index);
        switch (op.kind()) {
            case SPLICE -> m.splice.start(tx, w, op);
            case USER_READ, USER_WRITE -> m.userCopy.start(tx, w, op);
            case BACKEND_READ, BACKEND_WRITE, BACKEND_DISCARD, COMMIT, REGISTER_IO_BUF, UNREGISTER_IO_BUF, READ_FIXED,
                 WRITE_FIXED -> throw new IllegalStateException(op.kind() + " does not run on a worker here");
        }
    }

    void execute(Tx tx, int q, int i) {
        SrvOp op = tx.q(q).op(i);
        int res = switch (op.kind()) {
            case BACKEND_READ -> m.data.backendRead(tx, q, op);
            case BACKEND_WRITE -> m.data.backendWrite(tx, q, op);
            case BACKEND_DISCARD -> m.data.backendDiscard(tx, op);
            case READ_FIXED, WRITE_FIXED -> (int) m.zeroCopy.execute(tx, q, op);
            case COMMIT, REGISTER_IO_BUF, UNREGISTER_IO_BUF -> throw new IllegalStateException(op.kind() + " executes at issue");
            case SPLICE, USER_READ, USER_WRITE -> throw new IllegalStateException(op.kind() + " runs on a worker");
        };
        if (ZeroCopy.holdsNode(op)) {
            // its node reference went in ZeroCopy#execute; a dead daemon's ring posts no CQE
            op = new SrvOp(op.kind(), op.tag(), op.gen(), op.pos(), op.len(), op.fileOff(), -1, op.state(), op.res());
            if (tx.q(q).dying) {
                tx.q(q).ops().remove(i);
                tx.fact("sqe", op.kind().name());
                tx.fact("res", res);
                return;
            }
        }
        tx.q(q).ops().set(i, op.completed(res));
        tx.fact("sqe", op.kind().name());
        tx.fact("res", res);
    }

    /** The server reaps a CQE: progress on success, the error otherwise; a zero-byte result is -EIO. */
    void cqe(Tx tx, int q, int i) {
        Tx.Q qs = tx.q(q);
        SrvOp op = qs.ops().remove(i);
        tx.fact("sqe", op.kind().name());
        tx.fact("res", op.res());
        if (op.tag() < 0) {
            return; // an adversarial extra action: nobody waits for its CQE
        }
        SrvTag st = qs.srv(op.tag());
        if (st.phase() != SrvTag.Phase.WORKING || st.gen() != op.gen()) {
            tx.fact("stale", 1);
            return; // user_data names a request the server no longer handles on this tag
        }
        int err = st.err();
        int done = st.done();
        int staged = 0;
        if (op.kind() == SrvOp.Kind.REGISTER_IO_BUF || op.kind() == SrvOp.Kind.UNREGISTER_IO_BUF) {
            // the correct transfer's own buffer is registered after its REGISTER_IO_BUF succeeded and
            // until its UNREGISTER_IO_BUF; a failed register is the request's error (the real server
            // commits it), an unregister's result is not (the data has moved by then)
            staged = op.flags() != SrvOp.OWN_BUF ? st.staged() : op.kind() == SrvOp.Kind.REGISTER_IO_BUF && op.res() == 0 ? 1 : 0;
            err = op.kind() == SrvOp.Kind.REGISTER_IO_BUF && op.res() < 0 && err == 0 ? op.res() : err;
            qs.srv(op.tag(), st.progress(done, err, st.pc(), st.inflight() - 1).withStaged(staged));
            return;
        }
        if (op.kind() == SrvOp.Kind.READ_FIXED || op.kind() == SrvOp.Kind.WRITE_FIXED) {
            staged = st.staged();
        }
        if (op.res() < 0) {
            err = err != 0 ? err : op.res();
        } else if (op.res() == 0 && op.len() > 0) {
            err = err != 0 ? err : -Errno.EIO;
        } else if (op.kind() != SrvOp.Kind.SPLICE && op.flags() == SrvOp.FIRST_HALF) {
            staged = op.res();
        } else {
            done += op.res();
        }
        qs.srv(op.tag(), st.progress(done, err, st.pc(), st.inflight() - 1).withStaged(staged));
    }

    /**
     * The extra actions an adversarial server may take next on the daemon of {@code q}, from
     * bounded domains: for each target queue and tag (one past the depth included), splices
     * (RFC variants) or user copies (user-copy) at offsets 0, one page and one past the position
     * layout's offset field (which carries into the tag), one or two pages long, both directions,
     * or (zero copy) REGISTER_IO_BUF into slot 0 or one past the table; zero copy also, for every
     * slot (one past the table included), UNREGISTER_IO_BUF and READ_FIXED / WRITE_FIXED at offsets 0
     * and one page, one or two pages long, to the backing file's start; COMMIT_AND_FETCH_REQ of every
     * tag with -EIO, 0 or one page; a crash.
     */
    void enabledAdversary(World w, int q, List<Event> out) {
        if (!(m.setup().server() instanceof ServerSpec.Adversarial a) || w.adversary() >= a.budget()
                || w.queue(q).dying()) {
            return;
        }
        for (int i = 0; i < domain.size(); i++) {
            out.add(new Event.Adversary(q, i));
        }
    }

    /** One entry of the adversarial domain: the tag a commit names (-1 otherwise) and the action. */
    record Rogue(int tag, Action action) {}

    /** The bounded domain of adversarial actions, the same for every daemon. */
    private List<Rogue> adversaryDomain() {
        List<Rogue> out = new java.util.ArrayList<>();
        int page = c.pageSize();
        for (int tq = 0; tq < c.queues(); tq++) {
            for (int tag = 0; tag <= c.depth(); tag++) {
                for (Action x : dataActions(tq, tag, page)) {
                    out.add(new Rogue(-1, x));
                }
            }
        }
        if (c.variant() == Variant.ZERO_COPY) {
            for (int slot = 0; slot <= c.depth(); slot++) {
                out.add(new Rogue(-1, new Action.Unregister(slot)));
                for (long off : new long[] {0, page}) {
                    for (int len : new int[] {page, 2 * page}) {
                        out.add(new Rogue(-1, new Action.Fixed(slot, off, len, false, 0L)));
                        out.add(new Rogue(-1, new Action.Fixed(slot, off, len, true, 0L)));
                    }
                }
            }
        }
        for (int tag = 0; tag < c.depth(); tag++) {
            for (int res : new int[] {-Errno.EIO, 0, page}) {
                out.add(new Rogue(tag, new Action.Commit(res)));
            }
        }
        out.add(new Rogue(-1, new Action.Crash()));
        return List.copyOf(out);
    }

    /** The adversarial action an {@link Event.Adversary} names. */
    Rogue rogue(int choice) {
        return domain.get(choice);
    }

    private List<Action> dataActions(int tq, int tag, int page) {
        List<Action> out = new java.util.ArrayList<>();
        switch (c.variant()) {
            case RFC_V1, RFC_FIXED -> {
                for (long off : new long[] {0, page, RfcPos.BUF_MAX_SIZE}) {
                    for (int len : new int[] {page, 2 * page}) {
                        out.add(new Action.Splice(tq, tag, off, len, SpliceFlags.DIRECT, 0L));
                        out.add(new Action.Splice(tq, tag, off, len, SpliceFlags.DIRECT | SpliceFlags.READ_TO_READ, 0L));
                    }
                }
                // sqe->off_out == -1: no file offset (a NULL poff_out in io_splice)
                out.add(new Action.Splice(tq, tag, 0, page, SpliceFlags.DIRECT, Splice.NO_OFFSET));
                out.add(new Action.Splice(tq, tag, 0, page, SpliceFlags.DIRECT | SpliceFlags.READ_TO_READ, Splice.NO_OFFSET));
            }
            case USER_COPY -> {
                for (long off : new long[] {0, page, 1L << UserCopyPos.BUF_BITS}) {
                    for (int len : new int[] {page, 2 * page}) {
                        out.add(new Action.UserCopy(tq, tag, off, len, false));
                        out.add(new Action.UserCopy(tq, tag, off, len, true));
                    }
                }
            }
            case ZERO_COPY -> {
                out.add(new Action.Register(tq, tag, 0));
                out.add(new Action.Register(tq, tag, c.depth()));
            }
            case COPY -> { }
        }
        return out;
    }

    /** Applies one adversarial extra action; its operations carry owner tag -1. */
    void adversary(World w, Tx tx, Event.Adversary e) {
        tx.adversary(tx.adversary() + 1);
        int q = e.queue();
        Tx.Q qs = tx.q(q);
        Rogue r = domain.get(e.choice());
        tx.fact("action", describe(r));
        switch (r.action()) {
            case Action.Splice x -> qs.ops().add(spliceOp(q, -1, 0, 0, x));
            case Action.UserCopy x -> qs.ops().add(userCopyOp(q, -1, 0, x));
            case Action.Commit x -> {
                int io = qs.rq(r.tag()).io();
                int res = m.kernel.commit(tx, q, r.tag(), x.result());
                tx.fact("res", res);
                if (res >= 0) {
                    Taint.io(tx, io);   // accepted: it ended (or set the result of) the request on the tag
                }
                if (res < 0) {
                    qs.ops().add(new SrvOp(SrvOp.Kind.COMMIT, -1, 0, 0, 0, 0, 0, SrvOp.State.CQE, res));
                }
            }
            case Action.Crash x -> {
                Taint.crash(m, tx, q);
                m.kernel.crash(tx, q);
            }
            case Action.Register x -> qs.ops().add(zeroCopyOp(tx, q, -1, 0, 0, x, 0));
            case Action.Unregister x -> qs.ops().add(zeroCopyOp(tx, q, -1, 0, 0, x, 0));
            case Action.Fixed x -> qs.ops().add(zeroCopyOp(tx, q, -1, 0, 0, x, 0));
            case Action.Transfer x -> throw new IllegalStateException("not an adversarial action");
            case Action.WaitFor x -> throw new IllegalStateException("not an adversarial action");
        }
    }

    static String describe(Rogue r) {
        return switch (r.action()) {
            case Action.Splice x -> "splice q" + x.queue() + " tag" + x.tag() + " off=" + x.offset() + " len=" + x.len()
                    + " flags=" + SpliceFlags.describe(x.flags());
            case Action.UserCopy x -> (x.write() ? "pwrite" : "pread") + " q" + x.queue() + " tag" + x.tag() + " off="
                    + x.offset() + " len=" + x.len();
            case Action.Commit x -> "COMMIT_AND_FETCH_REQ tag" + r.tag() + " result=" + x.result();
            case Action.Crash x -> "crash";
            case Action.Register x -> "REGISTER_IO_BUF q" + x.queue() + " tag" + x.tag() + " slot=" + x.slot();
            case Action.Unregister x -> "UNREGISTER_IO_BUF slot=" + x.slot();
            case Action.Fixed x -> (x.write() ? "WRITE_FIXED" : "READ_FIXED") + " slot=" + x.slot() + " off=" + x.offset()
                    + " len=" + x.len();
            case Action.Transfer x -> "transfer";
            case Action.WaitFor x -> "waitFor";
        };
    }
}
