package dev.ublklab.real.trace;

/**
 * What the real backend observes, in the kernel's words. Time stays outside the event (in
 * {@link EventLog.Entry}) so that events compare by content. {@link RealEvents} turns them into the
 * trace contract's events (docs/trace-format.md): Transfer and Commit become {@code issue}.
 */
public sealed interface RealEvent {
    /** The client submitted IO {@code io} to /dev/ublkbN: op READ/WRITE, byte offset and length. */
    record Submit(long io, String op, long offset, long bytes, int segments) implements RealEvent {}

    /** A FETCH_REQ / COMMIT_AND_FETCH_REQ CQE delivered request (queue, tag) to the server. */
    record Fetch(int queue, int tag, String op, long startSector, int nrSectors) implements RealEvent {}

    /** The server moved request data for (queue, tag): result is bytes or -errno. */
    record Transfer(int queue, int tag, String op, long offset, long bytes, long result) implements RealEvent {}

    /**
     * Zero copy: the CQE of one of the server's operations for (queue, tag): sqe REGISTER_IO_BUF,
     * READ_FIXED, WRITE_FIXED or UNREGISTER_IO_BUF, res as posted (bytes or -errno).
     */
    record Cqe(int queue, int tag, String sqe, int res) implements RealEvent {}

    /** The server sent COMMIT_AND_FETCH_REQ for (queue, tag) with this result. */
    record Commit(int queue, int tag, int result) implements RealEvent {}

    /** The client's IO {@code io} completed with result (bytes or -errno). */
    record Complete(long io, int result) implements RealEvent {}

    /** The device left its normal life: STOP_DEV, an ABORT CQE, a server death. */
    record Device(int devId, String what) implements RealEvent {}
}
