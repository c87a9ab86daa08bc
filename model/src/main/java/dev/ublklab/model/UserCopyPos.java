package dev.ublklab.model;

/**
 * Mainline's UBLK_F_USER_COPY position layout (ublk-protocol.md §5; include/uapi/linux/ublk_cmd.h:
 * UBLKSRV_IO_BUF_OFFSET 0x80000000, UBLK_IO_BUF_BITS 25, UBLK_TAG_OFF 25, UBLK_TAG_BITS 16,
 * UBLK_QID_OFF 41, UBLK_QID_BITS 12). The base is added, not OR-ed; the decoders subtract it and
 * mask each field (ublk_drv.c ublk_pos_to_hwq / ublk_pos_to_tag / ublk_pos_to_buf_offset), so
 * decoded fields never overlap, but {@link #encode} ORs an over-wide offset into the tag field the
 * way a server computing {@code base + (q << 41 | tag << 25 | off)} does.
 */
public final class UserCopyPos {
    /** UBLKSRV_IO_BUF_OFFSET. */
    public static final long BASE = 0x80000000L;
    /** UBLK_IO_BUF_BITS: the buffer offset field is 32 MiB. */
    public static final int BUF_BITS = 25;
    /** UBLK_TAG_OFF. */
    public static final int TAG_OFF = 25;
    /** UBLK_TAG_BITS. */
    public static final int TAG_BITS = 16;
    /** UBLK_QID_OFF. */
    public static final int QID_OFF = 41;
    /** UBLK_QID_BITS. */
    public static final int QID_BITS = 12;

    private UserCopyPos() {}

    /** {@code UBLKSRV_IO_BUF_OFFSET + ((q << 41) | (tag << 25) | offset)} with 64-bit wrap. */
    public static long encode(long queue, long tag, long offset) {
        return BASE + ((queue << QID_OFF) | (tag << TAG_OFF) | offset);
    }

    public static int queue(long pos) {
        return (int) (((pos - BASE) >>> QID_OFF) & ((1L << QID_BITS) - 1));
    }

    public static int tag(long pos) {
        return (int) (((pos - BASE) >>> TAG_OFF) & ((1L << TAG_BITS) - 1));
    }

    public static long offset(long pos) {
        return (pos - BASE) & ((1L << BUF_BITS) - 1);
    }

    /** The same position with its tag field replaced (for renaming tags in a canonical form). */
    public static long withTag(long pos, int tag) {
        long rel = pos - BASE;
        long mask = ((1L << TAG_BITS) - 1) << TAG_OFF;
        return BASE + ((rel & ~mask) | (((long) tag << TAG_OFF) & mask));
    }
}
