package dev.ublklab.sim.check;

/**
 * The fingerprint's dense tag reference: a (queue, tag) pair packed into one int, so that the hot
 * path compares and indexes without allocating. This is the one place the encoding lives; the
 * rest of the project names tags with {@code dev.ublklab.trace.Tag}. The packing is injective
 * while tags stay below 2^16 and queues below 2^15 (ublk itself allows 4096 of each:
 * UBLK_MAX_QUEUE_DEPTH and UBLK_MAX_NR_QUEUES in include/uapi/linux/ublk_cmd.h).
 */
final class TagRef {
    /** A position that names no tag in range. */
    static final int NONE = -1;

    private TagRef() {}

    /**
     * The reference to {@code tag} of {@code queue}. An owner tag of -1 (an adversarial operation)
     * packs to -1, which equals no in-range reference, so it never counts as "its own tag".
     */
    static int of(int queue, int tag) {
        return queue << 16 | tag;
    }

    static int queue(int ref) {
        return ref >>> 16;
    }

    static int tag(int ref) {
        return ref & 0xffff;
    }
}
