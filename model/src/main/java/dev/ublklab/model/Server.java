package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;
import java.util.List;

/**
 * The ublk server's uring_cmd side: one daemon per queue talking io_uring. For each fetched
 * request it runs a plan (the correct one, or the scenario's script) one SQE at a time:
 * {@link #issue} submits the next SQE (uring_cmds execute inline), {@link #execute} runs it,
 * {@link #cqe} reaps its CQE. This is the shape of kublk's ublk_handle_cqe: a fetch or commit CQE
 * goes to ublk_handle_uring_cmd (here {@link #fetch}, the plan's COMMIT_AND_FETCH_REQ), a target
 * operation's to the target ops ({@link DataPath}, one per variant); script and adversarial
 * SQEs are built by {@link ScriptOps}, adversarial actions chosen by {@link Adversary}.
 */
final class Server {
    private static final List<Action> CORRECT = List.of(new Action.Transfer(), new Action.Commit(null));

    private final Model m;
    private final Config c;
    private final DataPath path;
    /** Per IO, the plan the server runs for it (looked up on every enabled() call). */
    private final List<List<Action>> plans;

    Server(Model m) {
        this.m = m;
        this.c = m.config();
        this.path = DataPath.of(m);
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
            Event.Issue e = new Event.Issue(q, t, st.io());
            out.add(e);
            if (Fault.any(m)) {
                issueFaults(w, q, t, st, f -> out.add(e.withFault(f)));
            }
        }
    }

    /**
     * The faults that may strike the inline execution of the next SQE of tag {@code t}: a
     * REGISTER_IO_BUF's allocation (io_buffer_register_bvec), a copy-mode READ commit's
     * ublk_unmap_io (ublk_copy_user_pages from the server's buffer).
     */
    private void issueFaults(World w, int q, int t, SrvTag st, java.util.function.IntConsumer codes) {
        Action a = plan(st.io()).get(next(w, st));
        boolean register = a instanceof Action.Register
                || a instanceof Action.Transfer && c.variant() == Variant.ZERO_COPY && !st.registered()
                && (st.op() == ReqOp.READ || st.op() == ReqOp.WRITE);
        if (register && Fault.left(m, w, Fault.ALLOC_FAIL)) {
            codes.accept(Fault.ENOMEM);
        }
        if (a instanceof Action.Commit x && c.variant() == Variant.COPY && st.op() == ReqOp.READ) {
            int result = x.result() != null ? x.result() : autoResult(st);
            RequestSlot rq = w.queue(q).rqs().get(t);
            if (result > 0 && w.queue(q).slots().get(t).has(IoSlot.OWNED_BY_SRV) && rq.allocated() && rq.started()) {
                Fault.copy(m, w, Math.min(result, m.rqBytes(w.io(rq.io()), rq.io())), codes);
            }
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
                    Event.WorkerStart e = new Event.WorkerStart(k, q, i, op.tag());
                    out.add(e);
                    if (Fault.any(m)) {
                        if (op.kind() == SrvOp.Kind.SPLICE) {
                            m.splice.startFaults(w, op, f -> out.add(e.withFault(f)));
                        } else {
                            m.userCopy.startFaults(w, op, f -> out.add(e.withFault(f)));
                        }
                    }
                }
            }
        } else if (op.state() == SrvOp.State.ISSUED) {
            Event.Execute e = new Event.Execute(q, i, op.tag());
            out.add(e);
            if (Fault.any(m) && !Taint.adversarial(op)) {
                executeFaults(w, op, f -> out.add(e.withFault(f)));
            }
        } else if (!qs.dying()) {
            out.add(new Event.Cqe(q, i, op.tag()));
        }
    }

    /** The faults that may strike the execution of a backend or fixed read/write (the backing file's side). */
    private void executeFaults(World w, SrvOp op, java.util.function.IntConsumer codes) {
        switch (op.kind()) {
            case BACKEND_READ, READ_FIXED -> Fault.backend(m, w, true, false, op.len(), true, codes);
            case BACKEND_WRITE, WRITE_FIXED -> Fault.backend(m, w, false, false, op.len(), true, codes);
            case BACKEND_DISCARD -> Fault.backend(m, w, false, true, op.len(), false, codes);
            default -> { }
        }
    }

    /** The transfer is over: failed or complete, nothing staged or registered (a registered buffer is unregistered first). */
    private static boolean transferDone(SrvTag st, Action.Transfer x) {
        return (st.err() != 0 || st.done() >= transferEnd(st, x)) && st.settled()
                || !(st.op().hasData() || st.op() == ReqOp.DISCARD);
    }

    /** Where a transfer of this dispatch stops: the request's end, or its {@code len} bound. */
    private static int transferEnd(SrvTag st, Action.Transfer x) {
        return x.len() == null ? st.bytes() : Math.min(st.bytes(), x.len());
    }

    /** Index in the plan of the action to issue next, or -1 when the server waits (or is done). */
    private int next(World w, SrvTag st) {
        List<Action> plan = plan(st.io());
        for (int pc = st.pc(); pc < plan.size(); pc++) {
            Action a = plan.get(pc);
            if (a instanceof Action.Transfer x) {   // the correct server's common case, before the type switch
                if (st.inflight() > 0) return -1;
                if (!transferDone(st, x)) return pc;
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
        if (!rq.allocated() || !rq.started()) {
            // An adversarial COMMIT ended the request before this CQE was reaped: the iod describes a
            // request that is gone; the server drops it and waits for the tag's next fetch. Also when
            // the tag's next request is allocated but not yet dispatched: the iod is written only in
            // ublk_queue_rq (v6.1 ublk_drv.c: ublk_queue_rq -> ublk_setup_iod), so it still
            // describes the request that is gone, not the new one.
            qs.srv(t, SrvTag.waiting(qs.srv(t).buf()));
            tx.fact(Fact.STALE, 1);
            return;
        }
        IoState s = tx.io(io);
        IoSpec spec = m.setup().ios().get(io);
        // An empty REQ_PREFLUSH (fsync) never reaches the driver itself: blk_insert_flush parks it and
        // blk_kick_flush dispatches the queue's flush_rq, which blk_rq_init left at __sector
        // (sector_t)-1, so ublk_setup_iod's blk_rq_pos(req) is -1 (6.12.118 and 7.3.4 block/blk-flush.c
        // blk_kick_flush 299/300 "blk_rq_init(q, flush_rq)", block/blk-mq.c 407/379; seen on both guests).
        int sector = spec.op() == ReqOp.FLUSH ? -1 : (int) spec.sector() + s.done() / c.sectorSize();
        SrvTag st = qs.srv(t);
        // a partial ublk_map_io (an injected copy fault) shortened the iod's nr_sectors (Kernel#taskWork)
        int bytes = st.io() < 0 && st.bytes() > 0 ? st.bytes() : m.rqBytes(s, io);
        qs.srv(t, new SrvTag(SrvTag.Phase.WORKING, io, rq.generation(), spec.op(), sector, bytes, 0, 0, 0, 0, 0, false, st.buf()));
        tx.fact(Fact.OP, spec.op().name());
        tx.fact(Fact.SECTOR, sector);
        tx.fact(Fact.BYTES, bytes);
    }

    void issue(World w, Tx tx, int q, int t) {
        Tx.Q qs = tx.q(q);
        SrvTag st = qs.srv(t);
        int pc = next(w, st);
        switch (plan(st.io()).get(pc)) {
            case Action.Transfer x -> issueTransfer(tx, q, t, st, pc, transferEnd(st, x));
            case Action.Commit x -> {
                int result = x.result() != null ? x.result() : autoResult(st);
                tx.fact(Fact.SQE, Sqe.COMMIT_AND_FETCH_REQ);
                tx.fact(Fact.RESULT, result);
                int res = m.kernel.commit(tx, q, t, result);
                if (res < 0) {
                    qs.ops().add(SrvOp.refusedCommit(t, st.gen(), res));
                    qs.srv(t, st.progress(st.done(), st.err(), pc + 1, st.inflight() + 1));
                } else {
                    qs.srv(t, SrvTag.waiting(qs.srv(t).buf()));
                }
            }
            case Action.WaitFor x -> throw new IllegalStateException("waitFor is never issued");
            case Action.Crash x -> {
                tx.fact(Fact.SQE, Sqe.CRASH);
                qs.srv(t, st.progress(st.done(), st.err(), pc + 1, st.inflight()));
                m.kernel.crash(tx, q);
            }
            case Action.Splice x -> {
                qs.ops().add(m.scriptOps.splice(q, t, st.gen(), st.sector(), x));
                qs.srv(t, st.progress(st.done(), st.err(), pc + 1, st.inflight() + 1));
                tx.fact(Fact.SQE, Sqe.SPLICE);
            }
            case Action.UserCopy x -> {
                qs.ops().add(m.scriptOps.userCopy(q, t, st.gen(), x));
                qs.srv(t, st.progress(st.done(), st.err(), pc + 1, st.inflight() + 1));
                tx.fact(Fact.SQE, x.write() ? Sqe.USER_WRITE : Sqe.USER_READ);
            }
            case Action.Register x -> issueZeroCopy(tx, q, t, st, pc, x);
            case Action.Unregister x -> issueZeroCopy(tx, q, t, st, pc, x);
            case Action.Fixed x -> issueZeroCopy(tx, q, t, st, pc, x);
        }
    }

    /** A script's REGISTER_IO_BUF, UNREGISTER_IO_BUF, READ_FIXED or WRITE_FIXED for the request on {@code t}. */
    private void issueZeroCopy(Tx tx, int q, int t, SrvTag st, int pc, Action x) {
        SrvOp op = m.scriptOps.zeroCopy(tx, q, t, st.gen(), st.sector(), x, SrvOp.Mark.NONE);
        tx.q(q).ops().add(op);
        tx.q(q).srv(t, st.progress(st.done(), st.err(), pc + 1, st.inflight() + 1));
    }

    private static int autoResult(SrvTag st) {
        if (st.err() != 0) {
            return st.err();
        }
        return st.op() == ReqOp.FLUSH ? 0 : st.done();
    }

    /**
     * The correct server's next SQE for the request ({@link DataPath}, one per variant);
     * {@code chunk} bounds every SQE's length. A DISCARD is a backing fallocate in every variant.
     */
    private void issueTransfer(Tx tx, int q, int t, SrvTag st, int pc, int end) {
        int left = st.staged() > 0 ? st.staged() : end - st.done();
        int chunk = m.setup().server().chunk();
        int len = chunk > 0 ? Math.min(chunk, left) : left;
        long fileOff = (long) st.sector() * c.sectorSize() + st.done();
        SrvOp op = switch (st.op()) {
            case DISCARD -> discard(tx, t, st, len, fileOff);
            case FLUSH -> throw new IllegalStateException("FLUSH has nothing to transfer");
            case READ, WRITE -> path.next(tx, q, t, st, len, fileOff);
        };
        tx.q(q).ops().add(op);
        tx.q(q).srv(t, st.progress(st.done(), st.err(), pc, st.inflight() + 1));
    }

    private static SrvOp discard(Tx tx, int t, SrvTag st, int len, long fileOff) {
        SrvOp op = SrvOp.backend(SrvOp.Kind.BACKEND_DISCARD, t, st.gen(), st.done(), len, fileOff, SrvOp.Mark.NONE);
        tx.fact(Fact.SQE, op.kind().sqe());
        tx.fact(Fact.LEN, op.len());
        tx.fact(Fact.FILE_OFF, op.fileOff());
        return op;
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
            case BACKEND_DISCARD -> m.data.backendDiscard(tx, q, op);
            case READ_FIXED, WRITE_FIXED -> (int) m.zeroCopy.execute(tx, q, op);
            case COMMIT, REGISTER_IO_BUF, UNREGISTER_IO_BUF -> throw new IllegalStateException(op.kind() + " executes at issue");
            case SPLICE, USER_READ, USER_WRITE -> throw new IllegalStateException(op.kind() + " runs on a worker");
        };
        if (op.holdsNode()) {
            // its node reference went in ZeroCopy#execute; a dead daemon's ring posts no CQE
            op = op.withNode(-1);
            if (tx.q(q).dying) {
                tx.q(q).ops().remove(i);
                tx.fact(Fact.SQE, op.kind().sqe());
                tx.fact(Fact.RES, res);
                return;
            }
        }
        tx.q(q).ops().set(i, op.completed(res));
        tx.fact(Fact.SQE, op.kind().sqe());
        tx.fact(Fact.RES, res);
    }

    /** The server reaps a CQE: progress on success, the error otherwise; a zero-byte result is -EIO. */
    void cqe(Tx tx, int q, int i) {
        Tx.Q qs = tx.q(q);
        SrvOp op = qs.ops().remove(i);
        tx.fact(Fact.SQE, op.kind().sqe());
        tx.fact(Fact.RES, op.res());
        if (op.tag() < 0) {
            return; // an adversarial extra action: nobody waits for its CQE
        }
        SrvTag st = qs.srv(op.tag());
        if (st.phase() != SrvTag.Phase.WORKING || st.gen() != op.gen()) {
            tx.fact(Fact.STALE, 1);
            return; // user_data names a request the server no longer handles on this tag
        }
        qs.srv(op.tag(), reaped(st, op));
    }

    /** The tag after its operation's CQE: progress on success, the first error otherwise; a zero-byte result is -EIO. */
    private static SrvTag reaped(SrvTag st, SrvOp op) {
        if (op.kind() == SrvOp.Kind.REGISTER_IO_BUF || op.kind() == SrvOp.Kind.UNREGISTER_IO_BUF) {
            return DataPath.ZeroCopyPath.reaped(st, op);
        }
        int err = st.err();
        int done = st.done();
        // a fixed read/write leaves the registration as it is; every other CQE ends what was staged
        boolean fixed = op.kind().fixed();
        int staged = fixed ? st.staged() : 0;
        boolean registered = fixed && st.registered();
        if (op.res() < 0) {
            err = err != 0 ? err : op.res();
        } else if (op.res() == 0 && op.len() > 0) {
            err = err != 0 ? err : -Errno.EIO;
        } else if (op.kind() != SrvOp.Kind.SPLICE && op.mark() == SrvOp.Mark.FIRST_HALF) {
            staged = op.res();
        } else {
            done += op.res();
        }
        SrvTag next = st.progress(done, err, st.pc(), st.inflight() - 1).withStaged(staged, registered);
        if (op.res() > 0 && op.res() < op.len() && op.kind() != SrvOp.Kind.SPLICE) {
            // a short read or write (backing file, user copy, fixed buffer): a careful server takes it as
            // the request's result and commits what it has (the kernel requeues the rest); a short
            // splice is the pipe's size, and the server resubmits the remainder
            next = next.withBytes(st.done() + op.res());
        }
        return next;
    }
}
