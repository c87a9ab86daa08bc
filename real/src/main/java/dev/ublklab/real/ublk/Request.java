package dev.ublklab.real.ublk;

import dev.ublklab.real.sys.Uapi;

/**
 * A request as the server sees it after a FETCH_REQ / COMMIT_AND_FETCH_REQ CQE: the fields of
 * ublksrv_io_desc[tag] (ublk_cmd.h) plus the queue and tag that carry it.
 */
public record Request(int queue, int tag, int op, int opFlags, long startSector, int nrSectors) {
    /** blk_rq_bytes: the request's length in bytes. */
    public long bytes() { return (long) nrSectors << 9; }

    /** Byte offset on the device. */
    public long offset() { return startSector << 9; }

    /** The op's name as in ublk_cmd.h UBLK_IO_OP_*. */
    public String opName() { return opName(op); }

    public static String opName(int op) {
        return switch (op) {
            case Uapi.UBLK_IO_OP_READ -> "READ";
            case Uapi.UBLK_IO_OP_WRITE -> "WRITE";
            case Uapi.UBLK_IO_OP_FLUSH -> "FLUSH";
            case Uapi.UBLK_IO_OP_DISCARD -> "DISCARD";
            case Uapi.UBLK_IO_OP_WRITE_SAME -> "WRITE_SAME";
            case Uapi.UBLK_IO_OP_WRITE_ZEROES -> "WRITE_ZEROES";
            default -> "OP_" + op;
        };
    }
}
