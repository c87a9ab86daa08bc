package dev.ublklab.model;

/**
 * The RFC's {@code ublk_pos} layout for {@code ->splice_read} positions on /dev/ublkcN (seed,
 * include/uapi/linux/ublk_cmd.h hunk: UBLK_TAG_BITS 12, UBLK_BUFS_SIZE_BITS 42, UBLK_BUF_SIZE_BITS
 * 30): queue in bits 42 and up, tag in bits 30-41, buffer offset in bits 0-29.
 *
 * <p>{@link #encode} does the C arithmetic of {@code ublk_pos()}: the arguments are truncated to
 * their C types ({@code __u16 q_id, __u16 tag, __u32 offset}) and the offset is <em>added</em> to the
 * shifted tag, so an offset of UBLK_BUF_MAX_SIZE or more carries into the tag field (and a tag of 4096
 * or more into the queue field). The decoders mask like {@code ublk_pos_to_hwq/_tag/_buf_offset}.
 */
public final class RfcPos {
    /** UBLK_TAG_BITS. */
    public static final int TAG_BITS = 12;
    /** UBLK_BUFS_SIZE_BITS. */
    public static final int BUFS_SIZE_BITS = 42;
    /** UBLK_BUF_SIZE_BITS = UBLK_BUFS_SIZE_BITS - UBLK_TAG_BITS. */
    public static final int BUF_SIZE_BITS = BUFS_SIZE_BITS - TAG_BITS;
    /** UBLK_BUF_MAX_SIZE: 1 GiB. */
    public static final long BUF_MAX_SIZE = 1L << BUF_SIZE_BITS;
    private static final long BUFS_SIZE_MASK = (1L << BUFS_SIZE_BITS) - 1;

    private RfcPos() {}

    /** {@code ublk_pos(q_id, tag, offset)} with C truncation and carry. */
    public static long encode(long queue, long tag, long offset) {
        long q = queue & 0xffffL;
        long t = tag & 0xffffL;
        long off = offset & 0xffffffffL;
        return (q << BUFS_SIZE_BITS) | ((t << BUF_SIZE_BITS) + off);
    }

    /** {@code ublk_pos_to_hwq}: a __u16 of pos >> 42. */
    public static int queue(long pos) {
        return (int) ((pos >>> BUFS_SIZE_BITS) & 0xffffL);
    }

    /** {@code ublk_pos_to_tag}: a __u16 of (pos & UBLK_BUFS_SIZE_MASK) >> 30. */
    public static int tag(long pos) {
        return (int) (((pos & BUFS_SIZE_MASK) >>> BUF_SIZE_BITS) & 0xffffL);
    }

    /** {@code ublk_pos_to_buf_offset}: bits 0-29. */
    public static long offset(long pos) {
        return pos & BUFS_SIZE_MASK & (BUF_MAX_SIZE - 1);
    }

    /** The same position with its tag field replaced (for renaming tags in a canonical form). */
    public static long withTag(long pos, int tag) {
        long cleared = pos & ~(((1L << TAG_BITS) - 1) << BUF_SIZE_BITS);
        return cleared | (((long) tag & ((1L << TAG_BITS) - 1)) << BUF_SIZE_BITS);
    }
}
