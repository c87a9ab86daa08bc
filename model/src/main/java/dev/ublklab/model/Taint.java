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
 * {@code crash} action is the scripted server's behaviour and taints nothing) while the daemon had
 * it (dispatched): ublk_abort_queue fails the requests the server owned. The queue's other
 * unfinished IOs are only excused ({@link Fault#excuse}): ublk_queue_rq fails them on the dying
 * daemon (v6.1 ublk_drv.c: {@code if (unlikely(ubq_daemon_is_dying(ubq)))} -> {@code BLK_STS_IOERR}),
 * which is legal, but they must still complete. A
 * call the kernel rejected (a negative result) taints nothing: if it had an effect, that effect is
 * the kernel's fault. The correct server's operations taint nothing, also when one lands on
 * another request than the one it was issued for (a stale one for an earlier request of the tag):
 * keeping it off is the kernel's job. An adversary transfer that wrote the backing file also marks
 * the sectors it wrote ({@link World#backingTaint}): they hold whatever the server put there, and
 * checks of what the backing file holds skip those sectors, and only those. The mainline lifecycle's
 * faults (crash, ring close) taint what their no-server paths harm: {@link LcTaint}.
 *
 * <p>Bits of {@link World#tainted}: bit i for IO i (scenarios have at most {@link #MAX_IOS}), and
 * {@link #BACKING}. IO indices are never renamed by canonicalisation, so the bits are symmetric.
 */
public final class Taint {
    private Taint() {}

    /**
     * Bit 63 of {@link World#tainted}: no longer set. The whole-file mark it was ("the adversary wrote
     * the backing file", which switched off read-returns-backing-data for every READ and the backing
     * half of write-persists-exactly for every sector) is now {@link World#backingTaint}: the sectors
     * written, and nothing else.
     */
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

    /** Whether some backing sector holds something the adversary (or the server's own departed write) put there. */
    public static boolean backing(World w) {
        return w.backingTaint() != 0;
    }

    /** Sectors one bit of {@link World#backingTaint} covers: 1 up to 64 sectors, else the least run that fits 64 bits. */
    static int sectorsPerBit(Model m) {
        return (m.config().sectors() + 63) / 64;
    }

    /** Whether backing sector {@code s} is marked in {@code w}. */
    public static boolean sector(Model m, World w, long s) {
        long bit = s / sectorsPerBit(m);
        return bit >= 0 && bit < 64 && (w.backingTaint() & (1L << bit)) != 0;
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

    /**
     * An accepted adversary transfer (or the server's own write for a tainted or departed request)
     * wrote {@code bytes} bytes of the backing file at {@code fileOff}: those sectors, and only those,
     * hold the server's business from now on.
     */
    static void backing(Model m, Tx tx, long fileOff, long bytes) {
        if (bytes <= 0 || fileOff < 0) {
            return;
        }
        int ss = m.config().sectorSize();
        int per = sectorsPerBit(m);
        long first = fileOff / ss;
        long last = (fileOff + bytes - 1) / ss;
        long bits = tx.backingTaint();
        for (long bit = first / per; bit <= last / per && bit < 64; bit++) {
            bits |= 1L << bit;
        }
        tx.backingTaint(bits);
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

    /**
     * ublk_queue_rq wrote the iod of {@code io} on a tag whose parked command is the one an adversary
     * COMMIT re-armed while the old fetch CQE is unreaped: the server may read this iod through that
     * stale CQE, so {@code io} is tainted. The mark stays until the command completes
     * ({@link #fetchCompleted}): a request the task work requeues (an injected copy fault in
     * ublk_map_io) leaves it parked, and the tag's next request is reachable the same way.
     */
    static void dispatched(Tx tx, int q, int t, int io) {
        if (tx.q(q).slot(t).has(IoSlot.ADVERSARY_FETCH)) {
            io(tx, io);
        }
    }

    /** The task work completed the tag's parked command with a request: the adversary's re-armed FETCH is used up. */
    static void fetchCompleted(Tx tx, int q, int t) {
        IoSlot s = tx.q(q).slot(t);
        if (s.has(IoSlot.ADVERSARY_FETCH)) {
            tx.q(q).slot(t, s.withFlags(s.flags() & ~IoSlot.ADVERSARY_FETCH));
        }
    }

    /**
     * The server's own write to its backing file (no kernel code between its buffer and the file)
     * on behalf of a tainted request, or of a request no longer on the tag: what it writes is the
     * server's business, so the sectors it wrote are marked ({@link World#backingTaint}).
     */
    static void serverWrite(Model m, Tx tx, int q, SrvOp op, int res) {
        RequestSlot rq = tx.q(q).rq(op.tag());
        if (!rq.allocated() || rq.generation() != op.gen() || isIo(tx.tainted(), rq.io())) {
            backing(m, tx, op.fileOff(), res);
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
     * The daemon of {@code q} dies. An IO the daemon had been handed (DISPATCHED: its request went to
     * the server) is tainted: the server may have touched its pages or buffer, and ublk_abort_queue
     * fails it. Every other unfinished IO of the queue (not yet submitted, waiting for a tag, or
     * allocated but not dispatched) is only excused ({@link Fault#excuse}): the crash makes it fail
     * (ublk_queue_rq on a dying daemon, or the dead disk), which is legal, but nothing of the server
     * reached it, so it must still complete and its data is judged (was: tainted too, which also
     * forgave an IO that never completed after the crash).
     */
    static void crash(Model m, Tx tx, int q) {
        for (int i = 0; i < m.setup().ios().size(); i++) {
            Phase p = tx.io(i).phase();
            if (m.queueOf(i) != q || p == Phase.COMPLETED || p == Phase.RELEASED) {
                continue;
            }
            if (p == Phase.DISPATCHED) {
                io(tx, i);
            } else {
                Fault.excuse(tx, i);
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

    /** The faults injected so far, in words ("backendShort 1, allocFail 1"). */
    private static String faultsSeen(World w) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < Fault.KINDS.size(); k++) {
            int n = Fault.used(w.faults(), k);
            if (n > 0) {
                b.append(b.isEmpty() ? "" : ", ").append(Fault.KINDS.get(k)).append(' ').append(n);
            }
        }
        return "faults injected: " + b;
    }

    /**
     * The end of a correctness violation's explanation: the IO it concerns is untainted, so the
     * kernel let someone else's mistake (or a fault elsewhere) reach it. Empty when nothing
     * adversarial or faulty happened at all (then the correct server alone is at fault or the kernel).
     */
    static String untainted(Model m, World w, int io) {
        if (w.adversary() == 0 && w.crashed() == 0 && w.tainted() == 0 && w.faults() == 0) {
            return "";
        }
        if (w.faults() != 0) {
            return "; " + m.ioId(io) + " is untainted (no accepted adversary action touched its request, pages, buffer or"
                    + " result, and no injected fault made its result an error; " + faultsSeen(w) + "), so this is the"
                    + " kernel's doing";
        }
        return "; " + m.ioId(io) + " is untainted (no accepted adversary action and no fault touched its request, pages,"
                + " buffer or result), so this is the kernel's doing";
    }
}
