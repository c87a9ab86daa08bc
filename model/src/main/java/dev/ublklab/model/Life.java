package dev.ublklab.model;

/**
 * The mainline request lifecycle's state (shared/docs/mainline-lifecycle.md §1), one flat int
 * vector laid out by {@link Layout}: the device ({@code struct ublk_device}), per queue
 * ({@code struct ublk_queue}), per io ({@code struct ublk_io} plus {@code tags->rqs[tag]} and the
 * server's view of the tag), per request (blk-mq's {@code struct request} of each client IO), per
 * io_uring command slot (io_kiocb + io_uring_cmd, with its one task-work node), per server task and
 * per io_uring ring (with its cancel round). Immutable by convention: a step clones the vector.
 *
 * <p>The vector is a {@link Sectors} (a plain int vector with value equality and a cached content
 * hash), so the checker's packed state codec and fingerprints cover it like any other vector.
 */
public record Life(Sectors cells) {
    /** The vector's int at {@code i} (offsets from {@link Layout} plus the field constants). */
    int get(int i) {
        return cells.get(i);
    }

    /** A value copy of the vector (for tests). */
    public int[] vector() {
        return cells.toArray();
    }

    /** An explicit 64-bit fingerprint of the whole vector, stable across JVM runs (Sectors#contentHash). */
    public long fingerprint() {
        return cells.contentHash();
    }

    // Device fields (struct ublk_device, 6.14 L158-189, 6.16 L190-219), then ghosts.
    static final int D_STATE = 0, D_OPEN = 1, D_DISK = 2, D_USED = 3, D_NRQREADY = 4, D_COMPL = 5, D_DELETED = 6,
            D_RELEASED = 7, D_NOSRV = 8, D_KICK = 9, D_SERVER = 10, D_RECOVERS = 11, D_RINGCLOSES = 12,
            D_TIMEOUTS = 13, D_CTRL = 14, D_UAF = 15, D_UAFQ = 16, D_UAFT = 17, D_WARN = 18, D_DBLCMD = 19,
            D_STOP = 20, D_DEL = 21, D_REL = 22, D_STOPREL = 23, D_STOPDEV = 24, D_FIELDS = 25;
    /** dev_info.state values (include/uapi/linux/ublk_cmd.h). */
    static final int DEAD = 0, LIVE = 1, QUIESCED = 2, FAIL_IO = 3;
    // Queue fields (struct ublk_queue, 6.14 L136-156).
    static final int Q_DAEMON = 0, Q_NRIOREADY = 1, Q_CANCELING = 2, Q_FAILIO = 3, Q_FORCEABORT = 4, Q_TMOLATCH = 5,
            Q_QUIESCED = 6, Q_IOCMDS = 7, Q_FIELDS = 8;
    // Per io fields (struct ublk_io, tags->rqs[tag], the server's view of the tag).
    static final int I_FLAGS = 0, I_CMD = 1, I_CMDSTALE = 2, I_TASK = 3, I_REQ = 4, I_CACHED = 5, I_SRV = 6,
            I_SRVR = 7, I_BUF = 8, I_BUFSTATE = 9, I_RES = 10, I_SRVRES = 11, I_CQE = 12, I_FIELDS = 13;
    /** UBLK_IO_FLAG_CANCELED (6.14 L125, 6.16 L156); the others are {@link IoSlot}'s. */
    static final int CANCELED = 0x40;
    /** UBLK_IO_FLAG_AUTO_BUF_REG is not modelled (auto buffer registration is out of scope). */
    // Per request (blk-mq struct request of one client IO).
    static final int R_STATE = 0, R_TAG = 1, R_REF = 2, R_QR = 3, R_REQUEUED = 4, R_FIELDS = 5;
    static final int IDLE = 0, IN_FLIGHT = 1;
    // Per io_uring command slot.
    static final int C_STATE = 0, C_RING = 1, C_TASK = 2, C_Q = 3, C_T = 4, C_TW = 5, C_TWREQ = 6, C_TWSTALE = 7,
            C_FIELDS = 8;
    static final int FREE = 0, PENDING = 1, CANCELABLE = 2;
    /** Task-work callbacks queued on a command's io_task_work node. */
    static final int TW_NONE = 0, TW_DISPATCH = 1, TW_FORWARD = 2;
    // Per task and per ring.
    static final int T_UNUSED = 0, T_ALIVE = 1, T_EXITING = 2, T_DEAD = 3;
    static final int G_STATE = 0, G_CURSOR = 1, G_MADE = 2, G_PHASE = 3, G_FIELDS = 4;
    static final int RING_UNUSED = 0, RING_OPEN = 1, RING_CLOSING = 2, RING_GONE = 3;
    /** The server's view of a tag (I_SRV). */
    static final int S_NONE = 0, S_WAIT = 1, S_REQ = 2, S_DATA = 3, S_ZCREG = 4, S_COMMIT1 = 5, S_COMMIT2 = 6,
            S_FETCH1 = 7, S_FETCH2 = 8, S_DONE = 9;
    /** I_BUFSTATE: zero copy's registered buffer of the tag. */
    static final int BUF_NONE = 0, BUF_REGISTERED = 1, BUF_RELEASE_PENDING = 2;

    /** Offsets of every part of the vector, from the config. */
    record Layout(int queues, int depth, int ios, int rings, int servers, int cmds) {
        int tasks() {
            return servers * queues;
        }

        int ringCount() {
            return tasks() * rings;
        }

        int queue(int q) {
            return D_FIELDS + q * Q_FIELDS;
        }

        int io(int q, int t) {
            return D_FIELDS + queues * Q_FIELDS + (q * depth + t) * I_FIELDS;
        }

        int rq(int i) {
            return io(queues, 0) + i * R_FIELDS;
        }

        int cmd(int c) {
            return rq(ios) + c * C_FIELDS;
        }

        int task(int k) {
            return cmd(cmds) + k;
        }

        int ring(int r) {
            return task(tasks()) + r * G_FIELDS;
        }

        int size() {
            return ring(ringCount());
        }

        /** The daemon task of queue {@code q} in server generation {@code gen}. */
        int taskOf(int gen, int q) {
            return gen * queues + q;
        }

        /** The ring of task {@code k} that tag {@code t} is on: tags round robin over the task's rings. */
        int ringOf(int k, int t) {
            return k * rings + t % rings;
        }

        int taskOfRing(int r) {
            return r / rings;
        }
    }
}
