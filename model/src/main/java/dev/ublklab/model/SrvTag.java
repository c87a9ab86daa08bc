package dev.ublklab.model;

/**
 * What the server (the queue's daemon) knows and is doing about one tag.
 *
 * @param phase  WAIT_FETCH: its uring_cmd is parked; FETCH_CQE: the fetch CQE is posted, not reaped;
 *               WORKING: it handles the request described by op/sector/bytes
 * @param io     ghost: the IO the fetched request carries (the server itself only sees the iod)
 * @param gen    ghost: the tag's generation when the request was fetched
 * @param sector start_sector from the iod
 * @param bytes  nr_sectors * sectorSize from the iod
 * @param done   bytes its transfers have moved so far
 * @param err    first negative transfer result, or 0
 * @param pc     position in the request's plan
 * @param inflight its operations that have not been reaped yet
 * @param staged user-copy: bytes sitting in the server buffer between the two halves of a transfer
 *               (pread done, backing write pending; or backing read done, pwrite pending); else 0
 * @param registered zero copy: the correct transfer's buffer is registered (its REGISTER_IO_BUF
 *               succeeded, its UNREGISTER_IO_BUF not reaped yet)
 * @param buf    the server's io buffer for this tag (copy and user-copy variants)
 */
public record SrvTag(Phase phase, int io, int gen, ReqOp op, int sector, int bytes, int done, int err, int pc,
                     int inflight, int staged, boolean registered, Sectors buf) {

    public SrvTag {
        assert staged >= 0 : "negative staged bytes " + staged;
        assert !(registered && staged > 0) : "staged bytes belong to user copy, a registered buffer to zero copy";
    }

    /** The server's view of the tag. */
    public enum Phase { WAIT_FETCH, FETCH_CQE, WORKING }

    public static SrvTag waiting(Sectors buf) {
        return new SrvTag(Phase.WAIT_FETCH, -1, 0, ReqOp.READ, 0, 0, 0, 0, 0, 0, 0, false, buf);
    }

    public SrvTag withPhase(Phase p) {
        return new SrvTag(p, io, gen, op, sector, bytes, done, err, pc, inflight, staged, registered, buf);
    }

    public SrvTag withBuf(Sectors b) {
        return new SrvTag(phase, io, gen, op, sector, bytes, done, err, pc, inflight, staged, registered, b);
    }

    public SrvTag progress(int doneNext, int errNext, int pcNext, int inflightNext) {
        return new SrvTag(phase, io, gen, op, sector, bytes, doneNext, errNext, pcNext, inflightNext, staged, registered, buf);
    }

    /** The tag with {@code s} bytes staged between a user copy's two halves and {@code reg} as zero copy's registration. */
    public SrvTag withStaged(int s, boolean reg) {
        return new SrvTag(phase, io, gen, op, sector, bytes, done, err, pc, inflight, s, reg, buf);
    }

    /** The tag with {@code b} as the bytes the server transfers for its request. */
    public SrvTag withBytes(int b) {
        return new SrvTag(phase, io, gen, op, sector, b, done, err, pc, inflight, staged, registered, buf);
    }

    /** Nothing of the transfer sits between two steps: no staged bytes, no registered buffer. */
    public boolean settled() {
        return staged == 0 && !registered;
    }
}
