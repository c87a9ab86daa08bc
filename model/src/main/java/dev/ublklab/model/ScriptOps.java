package dev.ublklab.model;

/**
 * The SQEs that a script's or an adversary's explicit action becomes (SPLICE, USER_READ/WRITE,
 * REGISTER_IO_BUF, UNREGISTER_IO_BUF, READ/WRITE_FIXED). Null fields of an action mean the
 * request's own: its queue and tag, slot = tag (kublk and the real server register each tag's
 * buffer in the slot of the same index), fileOff = its start sector * 512 + offset. Owner tag -1
 * marks an adversarial extra action.
 */
final class ScriptOps {
    private final Model m;
    private final Config c;

    ScriptOps(Model m) {
        this.m = m;
        this.c = m.config();
    }

    /** IORING_OP_SPLICE: the position built with ublk_pos(). */
    SrvOp splice(int q, int t, int gen, int sector, Action.Splice x) {
        int tq = x.queue() != null ? x.queue() : q;
        int tt = x.tag() != null ? x.tag() : t;
        long fileOff = x.fileOff() != null ? x.fileOff() : (long) sector * c.sectorSize() + x.offset();
        return SrvOp.splice(t, gen, RfcPos.encode(tq, tt, x.offset()), x.len(), fileOff, x.flags());
    }

    /** pread/pwrite on /dev/ublkcN at the mainline position. */
    SrvOp userCopy(int q, int t, int gen, Action.UserCopy x) {
        int tq = x.queue() != null ? x.queue() : q;
        int tt = x.tag() != null ? x.tag() : t;
        return SrvOp.userCopy(x.write(), t, gen, UserCopyPos.encode(tq, tt, x.offset()), x.len(), SrvOp.Mark.NONE);
    }

    /**
     * A zero-copy action of the daemon of {@code q} for owner tag {@code t}: REGISTER_IO_BUF and
     * UNREGISTER_IO_BUF are uring_cmds that execute here and leave their CQE; READ_FIXED /
     * WRITE_FIXED import their buffer here (ZeroCopy#issueFixed). {@code mark} is the operation's
     * user_data mark (OWN_BUF for the correct transfer's register and unregister).
     */
    SrvOp zeroCopy(Tx tx, int q, int t, int gen, int sector, Action x, SrvOp.Mark mark) {
        SrvOp op = switch (x) {
            case Action.Register r -> {
                int slot = r.slot() != null ? r.slot() : t;
                int res = m.zeroCopy.register(tx, q, t, gen, r.queue() != null ? r.queue() : q, r.tag() != null ? r.tag() : t, slot);
                yield SrvOp.bufCmd(SrvOp.Kind.REGISTER_IO_BUF, t, gen, slot, mark, res);
            }
            case Action.Unregister u -> {
                int slot = u.slot() != null ? u.slot() : t;
                yield SrvOp.bufCmd(SrvOp.Kind.UNREGISTER_IO_BUF, t, gen, slot, mark, m.zeroCopy.unregister(tx, q, slot, t < 0));
            }
            case Action.Fixed f -> m.zeroCopy.issueFixed(tx, q, t, gen, f.slot() != null ? f.slot() : t, f.offset(), f.len(),
                    f.write(), f.fileOff() != null ? f.fileOff() : (long) sector * c.sectorSize() + f.offset());
            default -> throw new IllegalStateException(x.kind() + " is not a zero-copy action");
        };
        tx.fact(Fact.SQE, op.kind().sqe());
        if (x instanceof Action.Fixed f) {
            tx.fact(Fact.SLOT, f.slot() != null ? f.slot() : t);
            tx.fact(Fact.OFFSET, op.pos());
            tx.fact(Fact.LEN, op.len());
            tx.fact(Fact.FILE_OFF, op.fileOff());
        } else {
            tx.fact(Fact.SLOT, op.pos());
        }
        if (op.state() == SrvOp.State.CQE) {
            tx.fact(Fact.RES, op.res());
        }
        return op;
    }
}
