package dev.ublklab.model;

/** One step of a scripted server's plan for the request of one IO (MODEL.md §4, {@code script}). */
public sealed interface Action {
    /**
     * Move the request's data the way the correct server does for the variant (with chunking);
     * {@code len} not null: only the first {@code len} bytes of what this dispatch carries (a backend
     * that read or wrote less, as a server's short result reports it).
     */
    record Transfer(Integer len) implements Action {
        public Transfer() {
            this(null);
        }
    }

    /** COMMIT_AND_FETCH_REQ with {@code result}; null means what the transfer achieved (bytes or -errno). */
    record Commit(Integer result) implements Action {}

    /** Do nothing more for this request until IO {@code io} has completed. */
    record WaitFor(String io) implements Action {}

    /** The queue's daemon dies here. */
    record Crash() implements Action {}

    /**
     * IORING_OP_SPLICE from /dev/ublkcN at {@code ublk_pos(queue, tag, offset)} to the backing
     * file at {@code fileOff}, {@code len} bytes, with {@code flags} ({@link SpliceFlags}). A null
     * queue, tag or fileOff means the request's own (fileOff = its start sector * 512 + offset).
     * The position is built with the RFC's C arithmetic ({@link RfcPos#encode}), so an offset of
     * 1 GiB or more carries into the tag.
     */
    record Splice(Integer queue, Integer tag, long offset, int len, int flags, Long fileOff) implements Action {}

    /**
     * A user-copy pread ({@code write == false}: request pages into the server buffer) or pwrite
     * ({@code write == true}: server buffer into the request pages) of {@code len} bytes at
     * {@code offset} of the request on (queue, tag); null queue or tag means the request's own.
     */
    record UserCopy(Integer queue, Integer tag, long offset, int len, boolean write) implements Action {}

    /**
     * UBLK_U_IO_REGISTER_IO_BUF (zero copy): the request on (queue, tag) into {@code slot} of the
     * issuing daemon's fixed-buffer table; null queue or tag means the request's own, null slot its tag.
     */
    record Register(Integer queue, Integer tag, Integer slot) implements Action {}

    /** UBLK_U_IO_UNREGISTER_IO_BUF (zero copy): empties {@code slot} (null: the request's tag) of the daemon's table. */
    record Unregister(Integer slot) implements Action {}

    /**
     * IORING_OP_READ_FIXED ({@code write == false}: backing file into the registered buffer) or
     * IORING_OP_WRITE_FIXED ({@code write == true}: buffer to the backing file) with buf_index
     * {@code slot} (null: the request's tag), {@code len} bytes at {@code offset} in the buffer, at
     * {@code fileOff} in the backing file (null: the request's start sector * 512 + offset).
     */
    record Fixed(Integer slot, long offset, int len, boolean write, Long fileOff) implements Action {}

    /** The name used in scenario files. */
    default String kind() {
        return switch (this) {
            case Transfer t -> "transfer";
            case Commit c -> "commit";
            case WaitFor w -> "waitFor";
            case Crash c -> "crash";
            case Splice s -> "splice";
            case UserCopy u -> "userCopy";
            case Register r -> "register";
            case Unregister u -> "unregister";
            case Fixed f -> f.write() ? "writeFixed" : "readFixed";
        };
    }
}
