package dev.ublklab.real.ublk;

import static dev.ublklab.real.sys.Uapi.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.ublklab.real.sys.Errno;
import dev.ublklab.real.sys.ErrnoException;
import dev.ublklab.real.sys.Libc;
import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.trace.RealEvent;
import dev.ublklab.real.uring.Ring;
import dev.ublklab.real.uring.Sqe;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The daemon of one hardware queue: a platform thread that owns the queue's ring, issues FETCH_REQ
 * for every tag, and then loops on COMMIT_AND_FETCH_REQ until every tag's command completes with
 * UBLK_IO_RES_ABORT (STOP_DEV or server teardown).
 *
 * <p>It must stay one platform thread: ublk_drv.c records the task that issued FETCH_REQ as the tag's
 * daemon (io->task) and refuses COMMIT_AND_FETCH_REQ from any other task with -EINVAL; a virtual thread
 * may change carriers. The ring uses COOP_TASKRUN|SINGLE_ISSUER|DEFER_TASKRUN as kublk's IO rings do, so
 * completions are delivered when this thread enters the ring with GETEVENTS.
 */
final class QueueDaemon implements Runnable {
    // user_data: bits 0-15 tag, bits 16-23 kind
    private static final int KIND_CMD = 0, KIND_REG = 1, KIND_RW = 2, KIND_UNREG = 3;

    private final int devId, q, depth, maxIoBufBytes, chFd;
    private final DataPath path;
    private final Target target;
    private final RequestHandler handler;
    private final EventLog trace;
    private final byte[] affinity;                     // the queue's CPUs (GET_QUEUE_AFFINITY), or null
    // the correct server with no trace: requests are served and committed without objects (same SQEs, same order)
    private final boolean fast;
    final CountDownLatch ready = new CountDownLatch(1);
    // set by UblkDevice.close before STOP_DEV: send the commits the handler still holds
    volatile boolean releasing;
    volatile Throwable failure;
    // requests committed; written by the daemon only, with a release store (no full fence per request)
    final AtomicLong served = new AtomicLong();
    private long servedCount;
    // -Dublklab.stats=true: per-IO costs printed when the daemon exits (syscalls, CQEs per enter, allocation)
    private static final boolean STATS = Boolean.getBoolean("ublklab.stats");
    private long cqes, copySyscalls;

    private MemorySegment descs;
    private MemorySegment bufs;
    private int live;                                  // tags whose command is in the kernel
    private final List<Commit> batch = new ArrayList<>();
    // zero copy: per tag, the request in flight and its three linked operations
    private final Request[] zcRequest;
    private final int[] zcPending, zcRegRes, zcRwRes, zcFail;

    QueueDaemon(int devId, int q, int depth, int maxIoBufBytes, int chFd, DataPath path, Target target,
                RequestHandler handler, EventLog trace, byte[] affinity) {
        this.devId = devId;
        this.q = q;
        this.depth = depth;
        this.maxIoBufBytes = maxIoBufBytes;
        this.chFd = chFd;
        this.path = path;
        this.target = target;
        this.handler = handler;
        this.trace = trace;
        this.affinity = affinity;
        this.fast = handler == RequestHandler.CORRECT && !trace.isOn();
        this.zcRequest = new Request[depth];
        this.zcPending = new int[depth];
        this.zcRegRes = new int[depth];
        this.zcRwRes = new int[depth];
        this.zcFail = new int[depth];
    }

    /** How often a daemon whose handler holds commits looks for a teardown while no CQE comes. */
    private static final long HOLD_POLL_MS = 100;

    /** Whether this queue's handler still holds commits back. */
    boolean holds() { return handler.holding(q); }

    private static long userData(int kind, int tag) { return (long) kind << 16 | tag; }

    private static long roundUpPage(long n) { return (n + 4095) & ~4095L; }

    @Override
    public void run() {
        // ublk_drv.c ublk_ch_mmap: per queue, PROT_READ only, length round_up(depth * 24, PAGE_SIZE) exactly,
        // at UBLKSRV_CMD_BUF_OFFSET + q * round_up(UBLK_MAX_QUEUE_DEPTH * 24, PAGE_SIZE)
        long stride = roundUpPage((long) UBLK_MAX_QUEUE_DEPTH * IO_DESC_SIZE);
        Ring ring = null;
        // kublk pins each queue's thread to the queue's CPUs: task work and completions stay on the CPU that
        // issued the IO. A refusal (a CPU set this JVM may not use) is not an error: it only costs speed.
        if (affinity != null) Libc.schedSetaffinity(affinity);
        try (Arena arena = Arena.ofConfined()) {
            descs = Libc.mmap("/dev/ublkc" + devId + " io descriptors", roundUpPage((long) depth * IO_DESC_SIZE),
                PROT_READ, MAP_SHARED | MAP_POPULATE, chFd, UBLKSRV_CMD_BUF_OFFSET + q * stride);
            bufs = arena.allocate((long) depth * maxIoBufBytes, 4096);
            int entries = Integer.highestOneBit(Math.max(depth * (path == DataPath.ZERO_COPY ? 4 : 1), 2) * 2 - 1);
            ring = Ring.setup(entries, IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
            if (path == DataPath.ZERO_COPY) ring.registerSparseBuffers(depth);
            // /dev/ublkcN as fixed file 0 (IOSQE_FIXED_FILE: no fdget per command) and the ring fd registered,
            // as kublk does by default
            ring.registerFiles(chFd);
            ring.registerRingFd();
            for (int tag = 0; tag < depth; tag++) ioCmd(ring, UBLK_U_IO_FETCH_REQ, tag, 0);
            live = depth;
            ring.submit(0);
            ready.countDown();
            serve(ring);
        } catch (Throwable t) {
            failure = t;
            ready.countDown();
        } finally {
            if (ring != null) ring.close();
            if (descs != null) Libc.munmap(descs);
        }
    }

    /** The daemon loop: submit commits and wait, reap a batch of CQEs, commit the batch in the handler's order. */
    private void serve(Ring ring) {
        long[] uds = new long[ring.cqEntries()];
        int[] ress = new int[ring.cqEntries()];
        long alloc0 = allocatedBytes();
        while (live > 0) {
            if (handler.holding(q) || releasing) ring.submitWait(1, HOLD_POLL_MS);
            else ring.submit(1);
            int n = ring.cqReady();
            cqes += n;
            for (int i = 0; i < n; i++) {
                uds[i] = ring.cqeUserData(i);
                ress[i] = ring.cqeRes(i);
            }
            ring.cqAdvance(n);
            for (int i = 0; i < n; i++) {
                int kind = (int) (uds[i] >>> 16 & 0xff), tag = (int) (uds[i] & 0xffff);
                if (fast && kind == KIND_CMD && ress[i] == UBLK_IO_RES_OK) serveFast(ring, tag);
                else onCqe(ring, kind, tag, ress[i]);
            }
            if (!batch.isEmpty()) {
                List<Commit> order = handler.commitOrder(batch.size() == 1 ? List.of(batch.getFirst()) : List.copyOf(batch));
                batch.clear();
                for (Commit c : order) commit(ring, c);
            }
            if (releasing) for (Commit c : handler.release(q)) commit(ring, c);
        }
        trace.emit(new RealEvent.Device(devId, "queue " + q + " daemon exits: every tag aborted"));
        if (STATS) printStats(ring, allocatedBytes() - alloc0);
    }

    private static long allocatedBytes() {
        return java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
            ? t.getCurrentThreadAllocatedBytes() : -1;
    }

    private void printStats(Ring ring, long alloc) {
        double n = Math.max(1, servedCount);
        System.err.printf("ublk-server: stats q%d %s: %d IOs, io_uring_enter %d (%.2f per IO), CQEs per enter %.2f,"
                + " pread/pwrite %d (%.2f per IO), allocated %d bytes (%.1f per IO)%n", q, path.word(), servedCount,
            ring.enters(), ring.enters() / n, cqes / (double) Math.max(1, ring.enters()), copySyscalls, copySyscalls / n,
            alloc, alloc / n);
    }

    private void onCqe(Ring ring, int kind, int tag, int res) {
        if (kind != KIND_CMD) {
            onZeroCopyCqe(ring, kind, tag, res);
            return;
        }
        if (res == UBLK_IO_RES_ABORT) {          // STOP_DEV or teardown: do not re-fetch this tag
            live--;
            return;
        }
        if (res != UBLK_IO_RES_OK) {             // NEED_GET_DATA is never negotiated; anything else is an error
            live--;
            if (failure == null) failure = new ErrnoException("FETCH_REQ/COMMIT_AND_FETCH_REQ q" + q + " tag " + tag, -res);
            return;
        }
        Request r = descriptor(tag);
        if (trace.isOn()) trace.emit(new RealEvent.Fetch(q, tag, r.opName(), r.startSector(), r.nrSectors()));
        dispatch(ring, r);
    }

    /**
     * The correct server's request, without a Request or Commit object: ublksrv_io_desc[tag] read in place,
     * the same transfer, then COMMIT_AND_FETCH_REQ written in place. The order of commits is the CQEs' order,
     * which is what {@link RequestHandler#commitOrder}'s default gives the general path.
     */
    private void serveFast(Ring ring, int tag) {
        long d = (long) tag * IO_DESC_SIZE;
        int op = descs.get(JAVA_INT, d + DESC_OP_FLAGS) & 0xff;
        long off = descs.get(JAVA_LONG, d + DESC_START_SECTOR) << 9;
        long bytes = Integer.toUnsignedLong(descs.get(JAVA_INT, d + DESC_NR_SECTORS)) << 9;
        if (path == DataPath.ZERO_COPY && (op == UBLK_IO_OP_READ || op == UBLK_IO_OP_WRITE)) {
            zcFail[tag] = 0;
            submitZeroCopy(ring, tag, op, off, bytes);
            return;
        }
        commitCmd(ring, tag, (int) transfer(tag, op, off, bytes, bytes));
    }

    /** Reads ublksrv_io_desc[tag] from the read-only descriptor mmap. */
    private Request descriptor(int tag) {
        long d = (long) tag * IO_DESC_SIZE;
        int opFlags = descs.get(JAVA_INT, d + DESC_OP_FLAGS);
        return new Request(q, tag, opFlags & 0xff, opFlags >>> 8, descs.get(JAVA_LONG, d + DESC_START_SECTOR),
            descs.get(JAVA_INT, d + DESC_NR_SECTORS));
    }

    private void dispatch(Ring ring, Request r) {
        switch (handler.onFetch(r)) {
            case Handling.Serve s -> start(ring, r, r.bytes(), 0);
            case Handling.ServeThenFail f -> start(ring, r, r.bytes(), -f.errno());
            case Handling.Partial p -> start(ring, r, Math.min(p.bytes(), r.bytes()), 0);
            case Handling.Delay d -> {
                LockSupport.parkNanos(d.nanos());
                start(ring, r, r.bytes(), 0);
            }
            case Handling.Fail f -> batch.add(new Commit(r, -f.errno()));
            case Handling.Crash c -> Runtime.getRuntime().halt(c.exitCode());
        }
    }

    /** Transfers {@code bytes} and commits the result, or {@code fail} (a -errno) when it is not 0. */
    private void start(Ring ring, Request r, long bytes, int fail) {
        boolean data = r.op() == UBLK_IO_OP_READ || r.op() == UBLK_IO_OP_WRITE;
        if (path == DataPath.ZERO_COPY && data) {
            zcFail[r.tag()] = fail;
            submitZeroCopy(ring, r.tag(), r.op(), r.offset(), bytes);
            zcRequest[r.tag()] = r;
            return;
        }
        long result = transfer(r.tag(), r.op(), r.offset(), bytes, r.bytes());
        if (trace.isOn()) trace.emit(new RealEvent.Transfer(q, r.tag(), r.opName(), r.offset(), bytes, result));
        batch.add(new Commit(r, fail != 0 ? fail : (int) result));
    }

    /**
     * Moves {@code bytes} of request data (of {@code reqBytes}) at device offset {@code off} with the target in the
     * copy and user-copy paths, through the tag's buffer; returns bytes or -errno.
     */
    private long transfer(int tag, int op, long off, long bytes, long reqBytes) {
        long bufOff = (long) tag * maxIoBufBytes;
        long userCopyPos = userCopyOffset(q, tag, 0);
        switch (op) {
            case UBLK_IO_OP_READ -> {
                long got = target.read(off, bufs, bufOff, bytes);
                // USER_COPY: pwrite into the READ request's pages (ublk_drv.c ublk_ch_write_iter)
                if (got > 0 && path == DataPath.USER_COPY) {
                    copySyscalls++;
                    return Libc.rawPwrite(chFd, bufs.address() + bufOff, got, userCopyPos);
                }
                return got;
            }
            case UBLK_IO_OP_WRITE -> {
                long got = bytes;
                // USER_COPY: pread from the WRITE request's pages (ublk_drv.c ublk_ch_read_iter)
                if (path == DataPath.USER_COPY) {
                    copySyscalls++;
                    got = Libc.rawPread(chFd, bufs.address() + bufOff, bytes, userCopyPos);
                }
                return got < 0 ? got : target.write(off, bufs, bufOff, got);
            }
            case UBLK_IO_OP_FLUSH -> { return target.flush(); }
            case UBLK_IO_OP_DISCARD, UBLK_IO_OP_WRITE_ZEROES -> { return target.discard(off, reqBytes); }
            default -> { return -Errno.EOPNOTSUPP; }
        }
    }

    /**
     * Zero copy (ublk_drv.c ublk_register_io_buf, 6.15+): REGISTER_IO_BUF puts the request's pages in
     * fixed-buffer slot = tag of this ring, READ_FIXED/WRITE_FIXED moves them to/from the target's fd
     * (a READ request's buffer is only a destination, a WRITE request's only a source), and
     * UNREGISTER_IO_BUF drops the slot; hard-linked so the slot is always dropped. Commit follows once
     * all three CQEs are in.
     */
    private void submitZeroCopy(Ring ring, int tag, int op, long off, long bytes) {
        if (ring.sqEntries() - ring.sqPending() < 3) ring.submit(0);   // keep the link chain in one submit
        MemorySegment reg = ring.sqe();
        ioCmdArgs(Sqe.uringCmd(reg, 0, UBLK_U_IO_REGISTER_IO_BUF, userData(KIND_REG, tag)), tag, 0, tag);
        Sqe.flags(reg, (byte) (IOSQE_IO_LINK | IOSQE_FIXED_FILE));
        MemorySegment rw = ring.sqe();
        if (op == UBLK_IO_OP_READ) Sqe.readFixed(rw, target.fd(), 0, (int) bytes, off, tag, userData(KIND_RW, tag));
        else Sqe.writeFixed(rw, target.fd(), 0, (int) bytes, off, tag, userData(KIND_RW, tag));
        Sqe.flags(rw, IOSQE_IO_HARDLINK);
        MemorySegment unreg = ring.sqe();
        ioCmdArgs(Sqe.uringCmd(unreg, 0, UBLK_U_IO_UNREGISTER_IO_BUF, userData(KIND_UNREG, tag)), tag, 0, tag);
        Sqe.flags(unreg, IOSQE_FIXED_FILE);
        zcPending[tag] = 3;
        zcRegRes[tag] = 0;
        zcRwRes[tag] = 0;
    }

    private void onZeroCopyCqe(Ring ring, int kind, int tag, int res) {
        if (kind == KIND_REG) zcRegRes[tag] = res;
        if (kind == KIND_RW) zcRwRes[tag] = res;
        if (trace.isOn()) {
            String sqe = kind == KIND_REG ? "REGISTER_IO_BUF" : kind == KIND_UNREG ? "UNREGISTER_IO_BUF"
                : zcRequest[tag].op() == UBLK_IO_OP_READ ? "READ_FIXED" : "WRITE_FIXED";
            trace.emit(new RealEvent.Cqe(q, tag, sqe, res));
        }
        if (--zcPending[tag] > 0) return;
        Request r = zcRequest[tag];
        zcRequest[tag] = null;
        int result = zcRegRes[tag] < 0 ? zcRegRes[tag] : zcFail[tag] != 0 ? zcFail[tag] : zcRwRes[tag];
        if (r == null) {                          // the fast path's request: no object, commit at once
            commitCmd(ring, tag, result);
            return;
        }
        if (trace.isOn()) trace.emit(new RealEvent.Transfer(q, tag, r.opName(), r.offset(), r.bytes(), result));
        batch.add(new Commit(r, result));
    }

    private void commit(Ring ring, Commit c) {
        if (trace.isOn()) trace.emit(new RealEvent.Commit(q, c.request().tag(), c.result()));
        commitCmd(ring, c.request().tag(), c.result());
    }

    private void commitCmd(Ring ring, int tag, int result) {
        ioCmd(ring, UBLK_U_IO_COMMIT_AND_FETCH_REQ, tag, result);
        served.lazySet(++servedCount);
    }

    /**
     * FETCH_REQ / COMMIT_AND_FETCH_REQ on fixed file 0 (/dev/ublkcN): addr is the tag's buffer in the copy
     * path and must be 0 otherwise. cmd[] is struct ublksrv_io_cmd {u16 q_id, u16 tag, s32 result, u64 addr}.
     */
    private void ioCmd(Ring ring, int cmdOp, int tag, int result) {
        long addr = path == DataPath.COPY ? bufs.address() + (long) tag * maxIoBufBytes : 0;
        long lo = (q & 0xffffL) | (tag & 0xffffL) << 16 | Integer.toUnsignedLong(result) << 32;
        while (!ring.putUringCmd(0, IOSQE_FIXED_FILE, cmdOp, userData(KIND_CMD, tag), lo, addr)) ring.submit(0);
    }

    /** ublk_cmd.h struct ublksrv_io_cmd {q_id, tag, result, addr} at SQE @48. */
    private void ioCmdArgs(MemorySegment cmd, int tag, int result, long addr) {
        cmd.set(JAVA_SHORT, IO_CMD_Q_ID, (short) q);
        cmd.set(JAVA_SHORT, IO_CMD_TAG, (short) tag);
        cmd.set(JAVA_INT, IO_CMD_RESULT, result);
        cmd.set(JAVA_LONG, IO_CMD_ADDR, addr);
    }
}
