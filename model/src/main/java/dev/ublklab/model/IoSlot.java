package dev.ublklab.model;

/**
 * The driver's {@code struct ublk_io} for one (queue, tag).
 *
 * @param flags    UBLK_IO_FLAG_* bits, values as in drivers/block/ublk_drv.c
 * @param taskWork queue_rq has queued the request's task work, which has not run yet
 * @param ref      mainline's {@code io->ref} (user-copy / zero-copy), 0 when no reference is held:
 *                 {@link #REF_BIAS} while the server owns the request, plus one per copy in flight
 * @param res      {@code io->res}: the COMMIT result kept until the last reference is dropped
 */
public record IoSlot(int flags, boolean taskWork, int ref, int res) {
    /**
     * UBLK_REFCOUNT_INIT (REFCOUNT_MAX / 2 in ublk_drv.c): the bias set at dispatch and subtracted
     * at COMMIT. The model only needs it to exceed any number of concurrent copies.
     */
    public static final int REF_BIAS = 1 << 20;

    /** UBLK_IO_FLAG_ACTIVE: a FETCH_REQ or COMMIT_AND_FETCH_REQ uring_cmd is parked here. */
    public static final int ACTIVE = 0x01;
    /** UBLK_IO_FLAG_OWNED_BY_SRV: the request was handed to the server. */
    public static final int OWNED_BY_SRV = 0x02;
    /** UBLK_IO_FLAG_ABORTED. */
    public static final int ABORTED = 0x04;
    /** UBLK_IO_FLAG_NEED_GET_DATA. */
    public static final int NEED_GET_DATA = 0x08;
    /**
     * Ghost, not a kernel flag: the command parked here is the adversary's (its accepted
     * COMMIT_AND_FETCH_REQ re-armed the tag), so the tag's next request reaches the server through
     * a command the correct server did not issue ({@link Taint#dispatched}).
     */
    public static final int ADVERSARY_FETCH = 0x100;

    /** Every tag FETCHed before START_DEV: the state a queue starts in. */
    public static final IoSlot FETCHED = new IoSlot(ACTIVE, false, 0, 0);

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public IoSlot withFlags(int f) {
        return new IoSlot(f, taskWork, ref, res);
    }

    public IoSlot withTaskWork(boolean tw) {
        return new IoSlot(flags, tw, ref, res);
    }

    public IoSlot withRef(int r, int result) {
        return new IoSlot(flags, taskWork, r, result);
    }

    public static String describeFlags(int flags) {
        StringBuilder b = new StringBuilder();
        if ((flags & ACTIVE) != 0) b.append("ACTIVE|");
        if ((flags & OWNED_BY_SRV) != 0) b.append("OWNED_BY_SRV|");
        if ((flags & ABORTED) != 0) b.append("ABORTED|");
        if ((flags & NEED_GET_DATA) != 0) b.append("NEED_GET_DATA|");
        return b.isEmpty() ? "0" : b.substring(0, b.length() - 1);
    }
}
