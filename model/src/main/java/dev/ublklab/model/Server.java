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

    Server(Model m) {
        this.m = m;
        this.c = m.config();
    }

    List<Action> plan(int io) {
        return switch (m.setup().server()) {
            case ServerSpec.Correct k -> CORRECT;
            case ServerSpec.Script s -> s.plans().get(io) != null ? s.plans().get(io) : CORRECT;
        };
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
        if (op.state() == SrvOp.State.ISSUED) {
            out.add(new Event.Execute(q, i, op.tag()));
        } else if (!qs.dying()) {
            out.add(new Event.Cqe(q, i, op.tag()));
        }
    }

    private static boolean transferDone(SrvTag st) {
        return st.err() != 0 || st.done() >= st.bytes() || !(st.op().hasData() || st.op() == ReqOp.DISCARD);
    }

    /** Index in the plan of the action to issue next, or -1 when the server waits (or is done). */
    private int next(World w, SrvTag st) {
        List<Action> plan = plan(st.io());
        for (int pc = st.pc(); pc < plan.size(); pc++) {
            switch (plan.get(pc)) {
                case Action.Transfer x -> {
                    if (st.inflight() > 0) return -1;
                    if (!transferDone(st)) return pc;
                }
                case Action.WaitFor x -> {
                    Phase p = w.io(m.setup().ioIndex(x.io())).phase();
                    if (p != Phase.COMPLETED && p != Phase.RELEASED) return -1;
                }
                case Action.Commit x -> {
                    return st.inflight() > 0 ? -1 : pc;
                }
                case Action.Crash x -> {
                    return pc;
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
        IoState s = tx.io(io);
        IoSpec spec = m.setup().ios().get(io);
        int sector = (int) spec.sector() + s.done() / c.sectorSize();
        int bytes = m.rqBytes(s, io);
        SrvTag st = qs.srv(t);
        qs.srv(t, new SrvTag(SrvTag.Phase.WORKING, io, rq.generation(), spec.op(), sector, bytes, 0, 0, 0, 0, st.buf()));
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
                    qs.ops().add(new SrvOp(SrvOp.Kind.COMMIT, t, st.gen(), 0, 0, 0, SrvOp.State.CQE, res));
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
        }
    }

    private static int autoResult(SrvTag st) {
        if (st.err() != 0) {
            return st.err();
        }
        return st.op() == ReqOp.FLUSH ? 0 : st.done();
    }

    private void issueTransfer(Tx tx, int q, int t, SrvTag st, int pc) {
        int left = st.bytes() - st.done();
        int chunk = m.setup().server().chunk();
        int len = chunk > 0 ? Math.min(chunk, left) : left;
        SrvOp.Kind kind = switch (st.op()) {
            case READ -> SrvOp.Kind.BACKEND_READ;
            case WRITE -> SrvOp.Kind.BACKEND_WRITE;
            case DISCARD -> SrvOp.Kind.BACKEND_DISCARD;
            case FLUSH -> throw new IllegalStateException("FLUSH has nothing to transfer");
        };
        long fileOff = (long) st.sector() * c.sectorSize() + st.done();
        tx.q(q).ops().add(new SrvOp(kind, t, st.gen(), st.done(), len, fileOff, SrvOp.State.ISSUED, 0));
        tx.q(q).srv(t, st.progress(st.done(), st.err(), pc, st.inflight() + 1));
        tx.fact("sqe", kind.name());
        tx.fact("len", len);
        tx.fact("fileOff", fileOff);
    }

    void execute(Tx tx, int q, int i) {
        SrvOp op = tx.q(q).op(i);
        int res = switch (op.kind()) {
            case BACKEND_READ -> m.data.backendRead(tx, q, op);
            case BACKEND_WRITE -> m.data.backendWrite(tx, q, op);
            case BACKEND_DISCARD -> m.data.backendDiscard(tx, op);
            case COMMIT -> throw new IllegalStateException("a commit executes at issue");
        };
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
        SrvTag st = qs.srv(op.tag());
        int err = st.err();
        int done = st.done();
        if (op.res() < 0) {
            err = err != 0 ? err : op.res();
        } else if (op.res() == 0 && op.len() > 0) {
            err = err != 0 ? err : -Errno.EIO;
        } else {
            done += op.res();
        }
        qs.srv(op.tag(), st.progress(done, err, st.pc(), st.inflight() - 1));
    }
}
