package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;

/**
 * The taint rule: which IOs a server's mistake or an injected fault affected, so that the
 * correctness invariants can hold the kernel to every other IO, under any server.
 *
 * <p>An IO is tainted by an action of the adversarial server that the kernel accepted (a
 * non-negative result) and that changed that IO's request, pages, buffer or result: a
 * COMMIT_AND_FETCH_REQ of its tag (and, when the correct server had not reaped the tag's fetch CQE
 * yet, the tag's next request, which reaches the server through the FETCH that commit re-armed,
 * {@link #adversaryFetch}), a transfer that moved its bytes (splice, user copy, READ_FIXED /
 * WRITE_FIXED), a REGISTER_IO_BUF or UNREGISTER_IO_BUF of its buffer (and a REGISTER_IO_BUF into
 * the fixed-buffer slot the correct server uses for it: its own registration then fails -EBUSY);
 * and by a crash of its
 * queue's daemon (the adversary's, or the scenario's fault {@code faults.crash}; a script's own
 * {@code crash} action is the scripted server's behaviour and taints nothing) before it completed: ublk_abort_queue
 * fails the requests the server owned and ublk_queue_rq fails every later one on the dying daemon
 * (v6.1 ublk_drv.c: {@code if (unlikely(ubq_daemon_is_dying(ubq)))} -> {@code BLK_STS_IOERR}). A
 * call the kernel rejected (a negative result) taints nothing: if it had an effect, that effect is
 * the kernel's fault. The correct server's operations taint nothing, also when one lands on
 * another request than the one it was issued for (a stale one for an earlier request of the tag):
 * keeping it off is the kernel's job. An adversary transfer that wrote the backing file also marks
 * the backing file ({@link #BACKING}): the server's own file then holds whatever it wrote, and
 * checks of what the backing file holds do not judge the kernel by it. The mainline lifecycle's
 * faults (crash, ring close) taint what their no-server paths harm: {@link LcTaint}.
 *
 * <p>Bits of {@link World#tainted}: bit i for IO i (scenarios have at most {@link #MAX_IOS}), and
 * {@link #BACKING}. IO indices are never renamed by canonicalisation, so the bits are symmetric.
 */
public final class Taint {
    private Taint() {}

    /** The adversary (or a fault) wrote the backing file. */
    public static final long BACKING = 1L << 63;

    /** IOs a taint bit set can name. */
    public static final int MAX_IOS = 63;

    /** Whether IO {@code io} is tainted in {@code w}. */
    public static boolean io(World w, int io) {
        return isIo(w.tainted(), io);
    }

    static boolean isIo(long bits, int io) {
        return io >= 0 && io < MAX_IOS && (bits & (1L << io)) != 0;
    }

    /** Whether the backing file holds something the adversary wrote. */
    public static boolean backing(World w) {
        return (w.tainted() & BACKING) != 0;
    }

    /** Whether an invariant is a correctness one (judged on untainted IOs only). */
    static boolean correctness(String invariant) {
        Invariant i = Invariants.byName(invariant);
        return i != null && i.kind() != Invariant.Kind.SAFETY;
    }

    /** An accepted adversary action (or a fault) affected IO {@code io}. */
    static void io(Tx tx, int io) {
        if (io >= 0 && io < MAX_IOS) {
            tx.tainted(tx.tainted() | (1L << io));
            tx.fact(Fact.TAINTED, io);
        }
    }

    /** An accepted adversary transfer wrote the backing file. */
    static void backing(Tx tx) {
        tx.tainted(tx.tainted() | BACKING);
    }

    /**
     * An accepted adversary COMMIT_AND_FETCH_REQ of a tag whose fetch CQE the correct server had
     * not reaped yet also re-armed the tag with its own FETCH: the tag's next request reaches the
     * server through it while the old CQE is still in the ring, so the server's CQE stream for
     * the tag is out of step (it reads the iod of the next request twice). When the correct
     * server had already taken the ended request on, only its in-flight operations are stale, and
     * keeping those off the next request is the kernel's job: nothing more is tainted then.
     */
    static void adversaryFetch(Tx tx, int q, int t) {
        IoSlot s = tx.q(q).slot(t);
        tx.q(q).slot(t, s.withFlags(s.flags() | IoSlot.ADVERSARY_FETCH));
    }

    /** ublk_queue_rq dispatched {@code io} on a tag whose parked command is the adversary's: it is tainted. */
    static void dispatched(Tx tx, int q, int t, int io) {
        IoSlot s = tx.q(q).slot(t);
        if (s.has(IoSlot.ADVERSARY_FETCH)) {
            tx.q(q).slot(t, s.withFlags(s.flags() & ~IoSlot.ADVERSARY_FETCH));
            io(tx, io);
        }
    }

    /**
     * The server's own write to its backing file (no kernel code between its buffer and the file)
     * on behalf of a tainted request, or of a request no longer on the tag: what it writes is the
     * server's business, so the backing file is marked ({@link #BACKING}).
     */
    static void serverWrite(Tx tx, int q, SrvOp op) {
        RequestSlot rq = tx.q(q).rq(op.tag());
        if (!rq.allocated() || rq.generation() != op.gen() || isIo(tx.tainted(), rq.io())) {
            backing(tx);
        }
    }

    /**
     * The server's own backing-file read into its buffer (no kernel code involved) for a request
     * no longer on the tag: it overwrites the buffer the server keeps for the tag, so the tag's
     * current request is the server's doing from here on.
     */
    static void serverRead(Tx tx, int q, SrvOp op) {
        RequestSlot rq = tx.q(q).rq(op.tag());
        if (rq.allocated() && rq.generation() != op.gen()) {
            io(tx, rq.io());
        }
    }

    /** Whether an operation is the adversary's own (owner tag -1: nobody's request issued it). */
    static boolean adversarial(SrvOp op) {
        return op.tag() < 0;
    }

    /**
     * The daemon of {@code q} dies: every IO of that queue that has not completed is affected,
     * owned ones are aborted, the others fail at queue_rq.
     */
    static void crash(Model m, Tx tx, int q) {
        for (int i = 0; i < m.setup().ios().size(); i++) {
            Phase p = tx.io(i).phase();
            if (m.queueOf(i) == q && p != Phase.COMPLETED && p != Phase.RELEASED) {
                io(tx, i);
            }
        }
    }

    /**
     * IO {@code io} waits for a tag, and every tag of its queue carries a tainted request: a
     * request the adversary pinned (a buffer it registered and never unregistered, say) starves
     * it. That is the adversary's resource, not the kernel's failure.
     */
    static boolean waitsForTaintedTags(Model m, World w, int io) {
        if (w.io(io).phase() != Phase.SUBMITTED) {
            return false;
        }
        for (RequestSlot rq : w.queue(m.queueOf(io)).rqs()) {
            if (!rq.allocated() || !Taint.io(w, rq.io())) {
                return false;
            }
        }
        return true;
    }

    /**
     * The end of a correctness violation's explanation: the IO it concerns is untainted, so the
     * kernel let someone else's mistake (or a fault elsewhere) reach it. Empty when nothing
     * adversarial or faulty happened at all (then the correct server alone is at fault or the kernel).
     */
    static String untainted(Model m, World w, int io) {
        if (w.adversary() == 0 && w.crashed() == 0 && w.tainted() == 0) {
            return "";
        }
        return "; " + m.ioId(io) + " is untainted (no accepted adversary action and no fault touched its request, pages,"
                + " buffer or result), so this is the kernel's doing";
    }
}
