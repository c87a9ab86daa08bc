package dev.ublklab.model;

/** A block request's operation, as {@code req_op(req)} (REQ_OP_READ, ...) and UBLK_IO_OP_*. */
public enum ReqOp {
    READ, WRITE, FLUSH, DISCARD;

    /** {@code ublk_rq_has_data}: READ and WRITE carry pages. */
    public boolean hasData() {
        return this == READ || this == WRITE;
    }

    public static ReqOp parse(String s) {
        for (ReqOp o : values()) {
            if (o.name().equals(s)) {
                return o;
            }
        }
        return null;
    }
}
