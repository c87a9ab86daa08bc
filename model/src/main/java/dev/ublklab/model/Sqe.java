package dev.ublklab.model;

/**
 * The names of the SQEs (and the crash a plan may take) in facts and traces: the model's server
 * operations ({@link SrvOp.Kind#sqe()}), COMMIT_AND_FETCH_REQ, and BACKEND_FLUSH, which only the
 * real server issues (its RAM target's flush).
 */
public enum Sqe {
    BACKEND_READ, BACKEND_WRITE, BACKEND_FLUSH, BACKEND_DISCARD, COMMIT_AND_FETCH_REQ,
    /** Not an SQE: the plan's crash, which a trace shows where the server would have issued. */
    CRASH,
    SPLICE, USER_READ, USER_WRITE, REGISTER_IO_BUF, UNREGISTER_IO_BUF, READ_FIXED, WRITE_FIXED;

    /** The name in traces. */
    public String wire() {
        return this == CRASH ? "crash" : name();
    }

    /**
     * The SQE written as {@code wire}, or null. "COMMIT" is how traces before the typed contract
     * named a refused COMMIT_AND_FETCH_REQ's CQE.
     */
    public static Sqe byWire(String wire) {
        if (wire.equals("COMMIT")) {
            return COMMIT_AND_FETCH_REQ;
        }
        for (Sqe s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return null;
    }
}
