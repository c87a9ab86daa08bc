package dev.ublklab.model;

/**
 * The correct server's data path for one variant (MODEL.md §4): the shape of kublk's target ops
 * (ublk_tgt_ops ->queue_io builds the SQEs of a request, ->tgt_io_done reaps them). The
 * uring_cmd side (fetch, COMMIT_AND_FETCH_REQ, CQE dispatch) is {@link Server}'s.
 */
sealed interface DataPath {

    /**
     * The next SQE of the transfer of the request on tag {@code t}, at most {@code len} bytes, at
     * {@code fileOff} in the backing file; adds its facts.
     */
    SrvOp next(Tx tx, int q, int t, SrvTag st, int len, long fileOff);

    static DataPath of(Model m) {
        return switch (m.config().variant()) {
            case COPY -> new CopyPath();
            case RFC_V1, RFC_FIXED -> new SplicePath();
            case USER_COPY -> new UserCopyPath();
            case ZERO_COPY -> new ZeroCopyPath(m.scriptOps);
        };
    }

    /** The facts of a transfer's SQE: its kind, length and the transfer's backing file offset. */
    private static SrvOp told(Tx tx, SrvOp op, long fileOff) {
        tx.fact(Fact.SQE, op.kind().sqe());
        tx.fact(Fact.LEN, op.len());
        tx.fact(Fact.FILE_OFF, fileOff);
        return op;
    }

    /** copy: backing READ/WRITE on the server buffer (the driver copies at dispatch and commit). */
    record CopyPath() implements DataPath {
        @Override
        public SrvOp next(Tx tx, int q, int t, SrvTag st, int len, long fileOff) {
            SrvOp.Kind kind = st.op() == ReqOp.READ ? SrvOp.Kind.BACKEND_READ : SrvOp.Kind.BACKEND_WRITE;
            return told(tx, SrvOp.backend(kind, t, st.gen(), st.done(), len, fileOff, SrvOp.Mark.NONE), fileOff);
        }
    }

    /**
     * RFC: one IORING_OP_SPLICE from ublk_pos(q, tag, done) to the backing file at
     * sector * 512 + done, SPLICE_F_DIRECT (| SPLICE_F_READ_TO_READ for READ).
     */
    record SplicePath() implements DataPath {
        @Override
        public SrvOp next(Tx tx, int q, int t, SrvTag st, int len, long fileOff) {
            int flags = SpliceFlags.DIRECT | (st.op() == ReqOp.READ ? SpliceFlags.READ_TO_READ : 0);
            return told(tx, SrvOp.splice(t, st.gen(), RfcPos.encode(q, t, st.done()), len, fileOff, flags), fileOff);
        }
    }

    /**
     * user-copy: WRITE = pread from /dev/ublkcN (FIRST_HALF: its bytes are staged) then backing
     * write; READ = backing read (FIRST_HALF) then pwrite. The second half moves what was staged.
     */
    record UserCopyPath() implements DataPath {
        @Override
        public SrvOp next(Tx tx, int q, int t, SrvTag st, int len, long fileOff) {
            boolean first = st.staged() == 0;
            int n = first ? len : st.staged();
            long pos = UserCopyPos.encode(q, t, st.done());
            SrvOp op;
            if (st.op() == ReqOp.READ) {
                op = first ? SrvOp.backend(SrvOp.Kind.BACKEND_READ, t, st.gen(), st.done(), n, fileOff, SrvOp.Mark.FIRST_HALF)
                        : SrvOp.userCopy(true, t, st.gen(), pos, n, SrvOp.Mark.NONE);
            } else {
                op = first ? SrvOp.userCopy(false, t, st.gen(), pos, n, SrvOp.Mark.FIRST_HALF)
                        : SrvOp.backend(SrvOp.Kind.BACKEND_WRITE, t, st.gen(), st.done(), n, fileOff, SrvOp.Mark.NONE);
            }
            return told(tx, op, fileOff);
        }
    }

    /**
     * zero copy (the real QueueDaemon's and kublk's order): REGISTER_IO_BUF {q, tag, addr = tag};
     * once registered, READ_FIXED (READ request: backing file into the request pages) or
     * WRITE_FIXED (WRITE: pages to the file) with buf_index = tag, addr = done, at most {@code len}
     * bytes; when all is done or a transfer failed, UNREGISTER_IO_BUF {addr = tag}.
     */
    record ZeroCopyPath(ScriptOps ops) implements DataPath {
        @Override
        public SrvOp next(Tx tx, int q, int t, SrvTag st, int len, long fileOff) {
            Action a = !st.registered() ? new Action.Register(q, t, t)
                    : st.err() == 0 && len > 0 ? new Action.Fixed(t, st.done(), len, st.op() == ReqOp.WRITE, fileOff)
                    : new Action.Unregister(t);
            return ops.zeroCopy(tx, q, t, st.gen(), st.sector(), a, SrvOp.Mark.OWN_BUF);
        }

        /**
         * Reaping a REGISTER_IO_BUF / UNREGISTER_IO_BUF: the correct transfer's own buffer is
         * registered after its REGISTER_IO_BUF succeeded and until its UNREGISTER_IO_BUF; a failed
         * register is the request's error (the real server commits it), an unregister's result is
         * not (the data has moved by then).
         */
        static SrvTag reaped(SrvTag st, SrvOp op) {
            boolean register = op.kind() == SrvOp.Kind.REGISTER_IO_BUF;
            boolean registered = op.mark() != SrvOp.Mark.OWN_BUF ? st.registered() : register && op.res() == 0;
            int err = register && op.res() < 0 && st.err() == 0 ? op.res() : st.err();
            return st.progress(st.done(), err, st.pc(), st.inflight() - 1).withStaged(st.staged(), registered);
        }
    }
}
