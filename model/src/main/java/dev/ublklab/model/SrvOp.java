package dev.ublklab.model;

/**
 * One io_uring operation the server submitted and has not reaped yet.
 *
 * @param kind    what the SQE asks for
 * @param tag     the tag whose request the server issued it for
 * @param gen     ghost: that tag's generation as the server fetched it (request-isolation)
 * @param pos     byte offset into the request (copy variants) or file position
 * @param len     bytes asked for
 * @param fileOff offset in the backing file
 * @param state   ISSUED (submitted, not executed) or CQE (completed, {@code res} is posted)
 * @param res     the CQE's result when {@code state == CQE}
 */
public record SrvOp(Kind kind, int tag, int gen, long pos, int len, long fileOff, State state, int res) {

    /** What the SQE asks for. */
    public enum Kind {
        /** IORING_OP_READ from the backing file into the server buffer. */
        BACKEND_READ,
        /** IORING_OP_WRITE from the server buffer to the backing file. */
        BACKEND_WRITE,
        /** fallocate(PUNCH_HOLE) on the backing file. */
        BACKEND_DISCARD,
        /** A COMMIT_AND_FETCH_REQ that the driver refused: only its error CQE is left. */
        COMMIT
    }

    /** ISSUED: in the submission path or queued for io-wq; CQE: posted, not reaped. */
    public enum State { ISSUED, CQE }

    public SrvOp completed(int result) {
        return new SrvOp(kind, tag, gen, pos, len, fileOff, State.CQE, result);
    }
}
