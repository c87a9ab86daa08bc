package dev.ublklab.model;

/**
 * Splice flags (include/linux/splice.h; SPLICE_F_DIRECT from RFC patch 1/4, SPLICE_F_READ_TO_READ
 * from patch 3/4 of the series 20221103085004.1029763).
 */
public final class SpliceFlags {
    /** SPLICE_F_MOVE. */
    public static final int MOVE = 0x01;
    /** SPLICE_F_NONBLOCK. */
    public static final int NONBLOCK = 0x02;
    /** SPLICE_F_DIRECT (0x10): io_uring runs do_splice_direct over current->splice_pipe. */
    public static final int DIRECT = 0x10;
    /** SPLICE_F_READ_TO_READ (0x20): a second ->splice_read consumes the buffers the first produced. */
    public static final int READ_TO_READ = 0x20;

    private SpliceFlags() {}

    /** "DIRECT|READ_TO_READ" style. */
    public static String describe(int flags) {
        StringBuilder b = new StringBuilder();
        if ((flags & DIRECT) != 0) b.append("DIRECT|");
        if ((flags & READ_TO_READ) != 0) b.append("READ_TO_READ|");
        if ((flags & MOVE) != 0) b.append("MOVE|");
        if ((flags & NONBLOCK) != 0) b.append("NONBLOCK|");
        return b.isEmpty() ? "0" : b.substring(0, b.length() - 1);
    }
}
