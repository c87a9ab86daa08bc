package dev.ublklab.model;

import java.util.List;

/**
 * The adversarial server (MODEL.md §4, {@code adversarial(k)}): up to k extra actions of the
 * daemons from one bounded domain. The kernel must stay safe against any server.
 */
final class Adversary {
    private final Model m;
    private final Config c;
    private final List<Rogue> domain;

    Adversary(Model m) {
        this.m = m;
        this.c = m.config();
        this.domain = adversaryDomain();
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
    void enabled(World w, int q, List<Event> out) {
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
    void apply(Tx tx, Event.Adversary e) {
        tx.adversary(tx.adversary() + 1);
        int q = e.queue();
        Tx.Q qs = tx.q(q);
        Rogue r = domain.get(e.choice());
        tx.fact(Fact.ACTION, describe(r));
        switch (r.action()) {
            case Action.Splice x -> qs.ops().add(m.scriptOps.splice(q, -1, 0, 0, x));
            case Action.UserCopy x -> qs.ops().add(m.scriptOps.userCopy(q, -1, 0, x));
            case Action.Commit x -> {
                int io = qs.rq(r.tag()).io();
                boolean unreaped = qs.srv(r.tag()).phase() == SrvTag.Phase.FETCH_CQE;
                int res = m.kernel.commit(tx, q, r.tag(), x.result());
                tx.fact(Fact.RES, res);
                if (res >= 0) {
                    Taint.io(tx, io);   // accepted: it ended (or set the result of) the request on the tag
                    if (unreaped) {
                        Taint.adversaryFetch(tx, q, r.tag());
                    }
                }
                if (res < 0) {
                    qs.ops().add(SrvOp.refusedCommit(-1, 0, res));
                }
            }
            case Action.Crash x -> {
                Taint.crash(m, tx, q);
                m.kernel.crash(tx, q);
            }
            case Action.Register x -> qs.ops().add(m.scriptOps.zeroCopy(tx, q, -1, 0, 0, x, SrvOp.Mark.NONE));
            case Action.Unregister x -> qs.ops().add(m.scriptOps.zeroCopy(tx, q, -1, 0, 0, x, SrvOp.Mark.NONE));
            case Action.Fixed x -> qs.ops().add(m.scriptOps.zeroCopy(tx, q, -1, 0, 0, x, SrvOp.Mark.NONE));
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
