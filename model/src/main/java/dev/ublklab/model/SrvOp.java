package dev.ublklab.model;

/**
 * One io_uring operation the server submitted and has not reaped yet.
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
 * @param flags   sqe->splice_flags ({@link SpliceFlags}) for SPLICE; READ_FIXED / WRITE_FIXED while
 *                ISSUED: the index in the ring's {@link QueueState#bufs()} of the buffer node it
 *                holds ({@code req->buf_node}), -1 once it holds none; for other kinds the server's
 *                own user_data mark: {@link #FIRST_HALF} on the first operation of a two-step
 *                user-copy transfer (its result is staged in the buffer, not yet progress),
 *                {@link #OWN_BUF} on the correct server's own REGISTER_IO_BUF / UNREGISTER_IO_BUF
 * @param state   ISSUED (submitted, not started) or CQE (completed, {@code res} is posted); an
 *                operation an io-wq worker runs lives in {@link Worker#running()} meanwhile
 * @param res     the CQE's result when {@code state == CQE}
 */
public record SrvOp(Kind kind, int tag, int gen, long pos, int len, long fileOff, int flags, State state, int res) {
    /** user_data mark of the first half of a user-copy transfer. */
    public static final int FIRST_HALF = 1;
    /** user_data mark of the register/unregister a zero-copy transfer issues for its own request. */
    public static final int OWN_BUF = 2;

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
    }

    /** ISSUED: in the submission path or queued for io-wq; CQE: posted, not reaped. */
    public enum State { ISSUED, CQE }

    public SrvOp completed(int result) {
        return new SrvOp(kind, tag, gen, pos, len, fileOff, flags, State.CQE, result);
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
        return new SrvOp(kind, owner, gen, p, len, fileOff, flags, state, res);
    }
}
