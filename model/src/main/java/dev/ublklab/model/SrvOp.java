package dev.ublklab.model;

/**
 * One io_uring operation the server submitted and has not reaped yet. Build one with the named
 * factory of its kind ({@link #backend}, {@link #splice}, {@link #userCopy}, {@link #refusedCommit},
 * {@link #bufCmd}, {@link #fixed}, {@link #fixedRefused}); every field has one meaning.
 *
 * <p>Every tag reference is explicit, for canonical renaming: {@code tag} is the owner, and for
 * SPLICE / USER_READ / USER_WRITE {@code pos} encodes the target queue and tag as well
 * ({@link RfcPos}, {@link UserCopyPos}; use {@link #withTags} to rename both).
 *
 * @param kind    what the SQE asks for
 * @param tag     the tag whose request the server issued it for, or -1 for an adversarial extra action
 * @param gen     ghost: the target tag's generation as the server fetched it (request-isolation)
 * @param pos     BACKEND_*: byte offset in the owner tag's server buffer; SPLICE / USER_*: the
 *                position on /dev/ublkcN (sqe->off_in for splice, the pread/pwrite offset);
 *                READ_FIXED / WRITE_FIXED: sqe->addr, the offset in the registered buffer;
 *                REGISTER_IO_BUF / UNREGISTER_IO_BUF: the table slot (ublksrv_io_cmd.addr)
 * @param len     bytes asked for (sqe->len)
 * @param fileOff offset in the backing file (BACKEND_*, SPLICE's sqe->off_out, *_FIXED); unused for USER_*
 * @param spliceFlags sqe->splice_flags ({@link SpliceFlags}); 0 for every kind but SPLICE
 * @param node    READ_FIXED / WRITE_FIXED while ISSUED: the index in the ring's {@link QueueState#bufs()}
 *                of the buffer node it holds ({@code req->buf_node}); -1 when it holds none
 * @param mark    the server's own user_data mark (what it does with the CQE)
 * @param state   ISSUED (submitted, not started) or CQE (completed, {@code res} is posted); an
 *                operation an io-wq worker runs lives in {@link Worker#running()} meanwhile
 * @param res     the CQE's result when {@code state == CQE}
 */
public record SrvOp(Kind kind, int tag, int gen, long pos, int len, long fileOff, int spliceFlags, int node, Mark mark,
                    State state, int res) {

    public SrvOp {
        assert spliceFlags == 0 || kind == Kind.SPLICE : kind + " carries splice flags";
        assert node == -1 || (state == State.ISSUED && kind.fixed()) : kind + " " + state + " holds buffer node " + node;
        assert mark == Mark.NONE || !kind.fixed() : kind + " carries mark " + mark;
    }

    /** The server's user_data mark: what reaping the CQE means for the request's transfer. */
    public enum Mark {
        /** The CQE's bytes are the transfer's progress (or its error). */
        NONE,
        /** The first operation of a two-step user-copy transfer: its result is staged in the buffer, not progress yet. */
        FIRST_HALF,
        /** The correct zero-copy server's REGISTER_IO_BUF / UNREGISTER_IO_BUF of its own request's buffer. */
        OWN_BUF
    }

    /** IORING_OP_READ / WRITE on the backing file through the server buffer at {@code bufOff}, or fallocate. */
    public static SrvOp backend(Kind kind, int tag, int gen, long bufOff, int len, long fileOff, Mark mark) {
        assert kind == Kind.BACKEND_READ || kind == Kind.BACKEND_WRITE || kind == Kind.BACKEND_DISCARD : kind;
        return new SrvOp(kind, tag, gen, bufOff, len, fileOff, 0, -1, mark, State.ISSUED, 0);
    }

    /** IORING_OP_SPLICE from {@code pos} on /dev/ublkcN to the backing file at {@code fileOff}. */
    public static SrvOp splice(int tag, int gen, long pos, int len, long fileOff, int spliceFlags) {
        return new SrvOp(Kind.SPLICE, tag, gen, pos, len, fileOff, spliceFlags, -1, Mark.NONE, State.ISSUED, 0);
    }

    /** pwrite ({@code write}) or pread on /dev/ublkcN at {@code pos}. */
    public static SrvOp userCopy(boolean write, int tag, int gen, long pos, int len, Mark mark) {
        return new SrvOp(write ? Kind.USER_WRITE : Kind.USER_READ, tag, gen, pos, len, -1, 0, -1, mark, State.ISSUED, 0);
    }

    /** A COMMIT_AND_FETCH_REQ the driver refused with {@code res}: only its CQE is left. */
    public static SrvOp refusedCommit(int tag, int gen, int res) {
        return new SrvOp(Kind.COMMIT, tag, gen, 0, 0, 0, 0, -1, Mark.NONE, State.CQE, res);
    }

    /** REGISTER_IO_BUF / UNREGISTER_IO_BUF of table slot {@code slot}: executed at issue, its CQE posted. */
    public static SrvOp bufCmd(Kind kind, int tag, int gen, int slot, Mark mark, int res) {
        assert kind == Kind.REGISTER_IO_BUF || kind == Kind.UNREGISTER_IO_BUF : kind;
        return new SrvOp(kind, tag, gen, slot, 0, 0, 0, -1, mark, State.CQE, res);
    }

    /** READ_FIXED / WRITE_FIXED at {@code addr} of the buffer whose node (ring index {@code node}) it holds. */
    public static SrvOp fixed(boolean write, int tag, int gen, long addr, int len, long fileOff, int node) {
        return new SrvOp(write ? Kind.WRITE_FIXED : Kind.READ_FIXED, tag, gen, addr, len, fileOff, 0, node, Mark.NONE,
                State.ISSUED, 0);
    }

    /** A READ_FIXED / WRITE_FIXED refused at import with {@code err}: completed at once, holding no node. */
    public static SrvOp fixedRefused(boolean write, int tag, int gen, long addr, int len, long fileOff, int err) {
        return new SrvOp(write ? Kind.WRITE_FIXED : Kind.READ_FIXED, tag, gen, addr, len, fileOff, 0, -1, Mark.NONE,
                State.CQE, err);
    }

    /** Whether this operation holds a buffer node: an issued READ_FIXED / WRITE_FIXED. */
    public boolean holdsNode() {
        return node >= 0;
    }

    /** This operation holding buffer node {@code n} instead (-1: none, its reference is gone). */
    public SrvOp withNode(int n) {
        return new SrvOp(kind, tag, gen, pos, len, fileOff, spliceFlags, n, mark, state, res);
    }

    /**
     * The one int that stands for spliceFlags, node and mark in fingerprints: at most one of them
     * applies to a kind (SPLICE: flags; *_FIXED: node; the others: the mark), so it loses nothing.
     */
    public int flagWord() {
        return kind == Kind.SPLICE ? spliceFlags : kind.fixed() ? node : mark.ordinal();
    }

    /** What the SQE asks for. */
    public enum Kind {
        /** IORING_OP_READ from the backing file into the server buffer. */
        BACKEND_READ,
        /** IORING_OP_WRITE from the server buffer to the backing file. */
        BACKEND_WRITE,
        /** fallocate(PUNCH_HOLE) on the backing file. */
        BACKEND_DISCARD,
        /** A COMMIT_AND_FETCH_REQ that the driver refused: only its error CQE is left. */
        COMMIT,
        /** IORING_OP_SPLICE from /dev/ublkcN to the backing file (RFC variants), always on io-wq. */
        SPLICE,
        /** IORING_OP_READ on /dev/ublkcN: request pages into the server buffer (user-copy), on io-wq. */
        USER_READ,
        /** IORING_OP_WRITE on /dev/ublkcN: server buffer into the request pages (user-copy), on io-wq. */
        USER_WRITE,
        /** UBLK_U_IO_REGISTER_IO_BUF (zero copy): a uring_cmd, executed at issue; only its CQE is left. */
        REGISTER_IO_BUF,
        /** UBLK_U_IO_UNREGISTER_IO_BUF (zero copy): a uring_cmd, executed at issue; only its CQE is left. */
        UNREGISTER_IO_BUF,
        /** IORING_OP_READ_FIXED from the backing file into a registered request buffer (zero copy). */
        READ_FIXED,
        /** IORING_OP_WRITE_FIXED from a registered request buffer to the backing file (zero copy). */
        WRITE_FIXED;

        /** Operations an io-wq worker executes (split into several steps). */
        public boolean onWorker() {
            return this == SPLICE || this == USER_READ || this == USER_WRITE;
        }

        /** The SQE's name in facts and traces (a refused COMMIT is the COMMIT_AND_FETCH_REQ it was). */
        public Sqe sqe() {
            return switch (this) {
                case BACKEND_READ -> Sqe.BACKEND_READ;
                case BACKEND_WRITE -> Sqe.BACKEND_WRITE;
                case BACKEND_DISCARD -> Sqe.BACKEND_DISCARD;
                case COMMIT -> Sqe.COMMIT_AND_FETCH_REQ;
                case SPLICE -> Sqe.SPLICE;
                case USER_READ -> Sqe.USER_READ;
                case USER_WRITE -> Sqe.USER_WRITE;
                case REGISTER_IO_BUF -> Sqe.REGISTER_IO_BUF;
                case UNREGISTER_IO_BUF -> Sqe.UNREGISTER_IO_BUF;
                case READ_FIXED -> Sqe.READ_FIXED;
                case WRITE_FIXED -> Sqe.WRITE_FIXED;
            };
        }

        /** READ_FIXED / WRITE_FIXED: operations that may hold a registered buffer's node. */
        public boolean fixed() {
            return this == READ_FIXED || this == WRITE_FIXED;
        }
    }

    /** ISSUED: in the submission path or queued for io-wq; CQE: posted, not reaped. */
    public enum State { ISSUED, CQE }

    public SrvOp completed(int result) {
        return new SrvOp(kind, tag, gen, pos, len, fileOff, spliceFlags, -1, mark, State.CQE, result);
    }

    /** Queue and tag this operation targets on /dev/ublkcN, decoded for {@code variant}; null for BACKEND_* and COMMIT. */
    public int[] target(Variant variant) {
        if (!kind.onWorker()) {
            return null;
        }
        return kind == Kind.SPLICE
                ? new int[] {RfcPos.queue(pos), RfcPos.tag(pos)}
                : new int[] {UserCopyPos.queue(pos), UserCopyPos.tag(pos)};
    }

    /**
     * This operation as seen after renaming the tags of queue {@code queue}: {@code newTag[t]} is
     * tag t's new name. {@code own} says whether the operation belongs to that queue's daemon (then
     * the owner tag is renamed); a position whose decoded queue is {@code queue} gets its tag field
     * re-encoded. Tags outside {@code newTag} (out of range positions) are left as they are.
     */
    public SrvOp withTags(int queue, boolean own, int[] newTag) {
        int owner = own && tag >= 0 && tag < newTag.length ? newTag[tag] : tag;
        long p = pos;
        if (kind == Kind.SPLICE && RfcPos.queue(pos) == queue && RfcPos.tag(pos) < newTag.length) {
            p = RfcPos.withTag(pos, newTag[RfcPos.tag(pos)]);
        } else if ((kind == Kind.USER_READ || kind == Kind.USER_WRITE) && UserCopyPos.queue(pos) == queue
                && UserCopyPos.tag(pos) < newTag.length) {
            p = UserCopyPos.withTag(pos, newTag[UserCopyPos.tag(pos)]);
        }
        return new SrvOp(kind, owner, gen, p, len, fileOff, spliceFlags, node, mark, state, res);
    }
}
