package dev.ublklab.real.uring;

import static dev.ublklab.real.sys.Uapi.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ublklab.real.sys.Errno;
import dev.ublklab.real.sys.ErrnoException;
import dev.ublklab.real.sys.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * One io_uring instance over FFM: the mmap'd submission and completion rings and the SQE array.
 *
 * <p>Memory ordering follows io_uring.h's contract with the kernel: the SQ tail is published with a
 * release store after the SQEs are written; the CQ tail is read with an acquire load before the
 * CQEs are read, and the CQ head is handed back with a release store. The kernel's SQ head is read
 * with an acquire load to learn which slots it has consumed.
 *
 * <p>Not thread-safe: a ring belongs to one thread (with SINGLE_ISSUER, to the thread that made it).
 * A negative CQE result is data (-errno), never an exception.
 */
public final class Ring implements AutoCloseable {
    private static final VarHandle INT = JAVA_INT.varHandle();

    private final int fd;
    private final int flags;
    private final int features;
    private final int sqeSize;
    private final int cqeSize;
    private final int sqEntries;
    private final int cqEntries;
    private final MemorySegment sqRing;
    private final MemorySegment cqRing;
    private final MemorySegment sqes;
    private final long sqHeadOff, sqTailOff, sqFlagsOff, cqHeadOff, cqTailOff, cqesOff;
    private final int sqMask, cqMask;
    private int sqTail;       // our copy of the SQ tail: slots prepared, published by submit
    private int cqHead;       // our copy of the CQ head
    private long enters;      // io_uring_enter calls made (the benchmark's syscalls-per-IO counter)
    private int enterFd;      // fd, or its registered index after registerRingFd
    private int enterFlagsExtra;
    // this ring's own errno capture: a ring may be used from another thread than the one that made it (Control)
    private final MemorySegment capture = Libc.newCaptureSegment();
    private boolean closed;

    private Ring(int fd, int flags, MemorySegment p) {
        this.fd = fd;
        this.enterFd = fd;
        this.flags = flags;
        this.features = p.get(JAVA_INT, P_FEATURES);
        this.sqeSize = (flags & IORING_SETUP_SQE128) != 0 ? SQE128_SIZE : SQE_SIZE;
        this.cqeSize = (flags & IORING_SETUP_CQE32) != 0 ? CQE32_SIZE : CQE_SIZE;
        this.sqEntries = p.get(JAVA_INT, P_SQ_ENTRIES);
        this.cqEntries = p.get(JAVA_INT, P_CQ_ENTRIES);
        long sqArray = Integer.toUnsignedLong(p.get(JAVA_INT, P_SQ_ARRAY));
        this.cqesOff = Integer.toUnsignedLong(p.get(JAVA_INT, P_CQ_CQES));
        long sqSize = sqArray + 4L * sqEntries;
        long cqSize = cqesOff + (long) cqeSize * cqEntries;
        int prot = PROT_READ | PROT_WRITE, share = MAP_SHARED | MAP_POPULATE;
        if ((features & IORING_FEAT_SINGLE_MMAP) != 0) {
            // io_uring.h IORING_FEAT_SINGLE_MMAP: one mapping at IORING_OFF_SQ_RING holds both rings
            this.sqRing = Libc.mmap("io_uring rings", Math.max(sqSize, cqSize), prot, share, fd, IORING_OFF_SQ_RING);
            this.cqRing = sqRing;
        } else {
            this.sqRing = Libc.mmap("io_uring sq ring", sqSize, prot, share, fd, IORING_OFF_SQ_RING);
            this.cqRing = Libc.mmap("io_uring cq ring", cqSize, prot, share, fd, IORING_OFF_CQ_RING);
        }
        this.sqes = Libc.mmap("io_uring sqes", (long) sqeSize * sqEntries, prot, share, fd, IORING_OFF_SQES);
        this.sqHeadOff = p.get(JAVA_INT, P_SQ_HEAD);
        this.sqTailOff = p.get(JAVA_INT, P_SQ_TAIL);
        this.sqFlagsOff = p.get(JAVA_INT, P_SQ_FLAGS);
        this.sqMask = sqRing.get(JAVA_INT, p.get(JAVA_INT, P_SQ_RING_MASK));
        this.cqHeadOff = p.get(JAVA_INT, P_CQ_HEAD);
        this.cqTailOff = p.get(JAVA_INT, P_CQ_TAIL);
        this.cqMask = cqRing.get(JAVA_INT, p.get(JAVA_INT, P_CQ_RING_MASK));
        // Without IORING_SETUP_NO_SQARRAY each slot of the SQ index array names its SQE: identity map.
        for (int i = 0; i < sqEntries; i++) sqRing.set(JAVA_INT, sqArray + 4L * i, i);
        this.sqTail = (int) INT.getAcquire(sqRing, sqTailOff);
        this.cqHead = (int) INT.getAcquire(cqRing, cqHeadOff);
    }

    /** io_uring_setup(entries, params{flags}); the kernel rounds entries up to a power of two. */
    public static Ring setup(int entries, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PARAMS_SIZE, 8);
            p.set(JAVA_INT, P_FLAGS, flags);
            int fd = (int) Libc.check("io_uring_setup", Libc.rawSyscall(SYS_io_uring_setup, entries, p.address(), 0, 0, 0, 0));
            try {
                return new Ring(fd, flags, p);
            } catch (RuntimeException e) {
                Libc.close(fd);
                throw e;
            }
        }
    }

    public int fd() { return fd; }
    public int flags() { return flags; }
    public int features() { return features; }
    public int sqEntries() { return sqEntries; }
    public int cqEntries() { return cqEntries; }
    public int sqeSize() { return sqeSize; }

    /** SQEs prepared and not yet consumed by the kernel. */
    public int sqPending() { return sqTail - (int) INT.getAcquire(sqRing, sqHeadOff); }

    /**
     * A zeroed SQE slot, or null when the SQ ring is full (submit first). The slot becomes visible to
     * the kernel only at the next {@link #submit}.
     */
    public MemorySegment trySqe() {
        if (sqPending() >= sqEntries) return null;
        MemorySegment s = sqes.asSlice((long) (sqTail & sqMask) * sqeSize, sqeSize);
        s.fill((byte) 0);
        sqTail++;
        return s;
    }

    /** A zeroed SQE slot; submits what is pending first if the SQ ring is full. */
    public MemorySegment sqe() {
        MemorySegment s = trySqe();
        while (s == null) {
            submit(0);
            s = trySqe();
        }
        return s;
    }

    /**
     * Writes a whole 64-byte IORING_OP_URING_CMD SQE in place with eight stores (no slice, no zero fill),
     * cmd[] = {cmdLo, cmdHi} at @48: the per-IO fast path. Returns false when the SQ ring is full.
     * Layout: io_uring.h struct io_uring_sqe (opcode @0, flags @1, ioprio @2, fd @4, cmd_op @8, user_data @32).
     */
    public boolean putUringCmd(int fd, byte sqeFlags, int cmdOp, long userData, long cmdLo, long cmdHi) {
        if (sqeSize != SQE_SIZE || sqPending() >= sqEntries) return false;
        long o = (long) (sqTail & sqMask) * SQE_SIZE;
        sqes.set(JAVA_LONG, o, (IORING_OP_URING_CMD & 0xffL) | (sqeFlags & 0xffL) << 8 | (long) fd << 32);
        sqes.set(JAVA_LONG, o + 8, Integer.toUnsignedLong(cmdOp));
        sqes.set(JAVA_LONG, o + 16, 0L);
        sqes.set(JAVA_LONG, o + 24, 0L);
        sqes.set(JAVA_LONG, o + 32, userData);
        sqes.set(JAVA_LONG, o + 40, 0L);
        sqes.set(JAVA_LONG, o + 48, cmdLo);
        sqes.set(JAVA_LONG, o + 56, cmdHi);
        sqTail++;
        return true;
    }

    /**
     * IORING_REGISTER_RING_FDS (5.18+): enter through a registered index, which spares the kernel an fdget
     * per io_uring_enter (liburing's io_uring_register_ring_fd, as kublk does). Returns false if refused.
     */
    public boolean registerRingFd() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment u = a.allocate(16, 8);       // struct io_uring_rsrc_update {u32 offset, resv; u64 data}
            u.set(JAVA_INT, 0, -1);                    // -1U: the kernel picks a free slot and writes it back
            u.set(JAVA_LONG, 8, fd);
            long r = Libc.rawSyscall(capture, SYS_io_uring_register, fd, IORING_REGISTER_RING_FDS, u.address(), 1, 0, 0);
            if (r != 1) return false;
            enterFd = u.get(JAVA_INT, 0);
            enterFlagsExtra = IORING_ENTER_REGISTERED_RING;
            return true;
        }
    }

    /** Publishes prepared SQEs and submits them without waiting. */
    public int submit() { return submit(0); }

    /**
     * Publishes prepared SQEs (release store of the SQ tail), then io_uring_enter(to_submit,
     * min_complete = waitNr, GETEVENTS if waiting). Retries on EINTR. Returns the number submitted.
     */
    public int submit(int waitNr) {
        INT.setRelease(sqRing, sqTailOff, sqTail);
        int toSubmit = sqPending();
        boolean taskrun = (flags & (IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_COOP_TASKRUN)) != 0;
        int enterFlags = waitNr > 0 || taskrun ? IORING_ENTER_GETEVENTS : 0;
        if (toSubmit == 0 && waitNr == 0 && !taskrun) return 0;
        while (true) {
            enters++;
            long r = Libc.rawSyscall(capture, SYS_io_uring_enter, enterFd, toSubmit, waitNr, enterFlags | enterFlagsExtra, 0, 0);
            if (r >= 0) return (int) r;
            if (r == -Errno.EINTR) {
                toSubmit = sqPending();
                continue;
            }
            throw new ErrnoException("io_uring_enter", (int) -r);
        }
    }

    // io_uring.h struct io_uring_getevents_arg {u64 sigmask; u32 sigmask_sz; u32 min_wait_usec; u64 ts} and the
    // __kernel_timespec {s64 tv_sec; s64 tv_nsec} it points to; made on the first timed wait
    private MemorySegment waitArg;

    /**
     * As {@link #submit(int)}, but waits at most {@code timeoutMillis} for the completions
     * (IORING_ENTER_EXT_ARG with a timeout: io_uring_enter returns -ETIME when it passes, 5.11+).
     * Returns the number submitted (0 after a timeout).
     */
    public int submitWait(int waitNr, long timeoutMillis) {
        if (waitArg == null) waitArg = Arena.ofAuto().allocate(40, 8);
        waitArg.set(JAVA_LONG, 24, timeoutMillis / 1000);
        waitArg.set(JAVA_LONG, 32, timeoutMillis % 1000 * 1_000_000);
        waitArg.set(JAVA_LONG, 16, waitArg.address() + 24);
        INT.setRelease(sqRing, sqTailOff, sqTail);
        int toSubmit = sqPending();
        while (true) {
            enters++;
            long r = Libc.rawSyscall(capture, SYS_io_uring_enter, enterFd, toSubmit, waitNr,
                IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG | enterFlagsExtra, waitArg.address(), 24);
            if (r >= 0) return (int) r;
            if (r == -Errno.ETIME) return toSubmit - sqPending();
            if (r == -Errno.EINTR) {
                toSubmit = sqPending();
                continue;
            }
            throw new ErrnoException("io_uring_enter", (int) -r);
        }
    }

    /** io_uring_enter calls this ring has made. */
    public long enters() { return enters; }

    /** CQEs ready to be read (acquire load of the CQ tail). */
    public int cqReady() { return (int) INT.getAcquire(cqRing, cqTailOff) - cqHead; }

    /** user_data of the i-th ready CQE. */
    public long cqeUserData(int i) {
        return cqRing.get(JAVA_LONG, cqesOff + (long) ((cqHead + i) & cqMask) * cqeSize + CQE_USER_DATA);
    }

    /** res of the i-th ready CQE: a result or -errno. */
    public int cqeRes(int i) {
        return cqRing.get(JAVA_INT, cqesOff + (long) ((cqHead + i) & cqMask) * cqeSize + CQE_RES);
    }

    public int cqeFlags(int i) {
        return cqRing.get(JAVA_INT, cqesOff + (long) ((cqHead + i) & cqMask) * cqeSize + CQE_FLAGS);
    }

    /** Hands n CQEs back to the kernel (release store of the CQ head). */
    public void cqAdvance(int n) {
        cqHead += n;
        INT.setRelease(cqRing, cqHeadOff, cqHead);
    }

    /** Copies out and consumes every ready CQE. */
    public int drain(List<Cqe> into) {
        int n = cqReady();
        for (int i = 0; i < n; i++) into.add(new Cqe(cqeUserData(i), cqeRes(i), cqeFlags(i)));
        cqAdvance(n);
        return n;
    }

    /** Waits until at least one CQE is ready (submitting what is pending), then returns the first. */
    public Cqe awaitOne() {
        while (cqReady() == 0) submit(1);
        Cqe c = new Cqe(cqeUserData(0), cqeRes(0), cqeFlags(0));
        cqAdvance(1);
        return c;
    }

    /** True if the kernel dropped CQEs because the CQ ring was full (sq_off.flags IORING_SQ_CQ_OVERFLOW). */
    public boolean cqOverflowed() { return ((int) INT.getAcquire(sqRing, sqFlagsOff) & IORING_SQ_CQ_OVERFLOW) != 0; }

    /** IORING_REGISTER_BUFFERS: buffers addressed by index from READ_FIXED/WRITE_FIXED. */
    public void registerBuffers(List<MemorySegment> buffers) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment iov = a.allocate((long) IOVEC_SIZE * buffers.size(), 8);
            for (int i = 0; i < buffers.size(); i++) {
                iov.set(JAVA_LONG, (long) i * IOVEC_SIZE + IOVEC_BASE, buffers.get(i).address());
                iov.set(JAVA_LONG, (long) i * IOVEC_SIZE + IOVEC_LEN, buffers.get(i).byteSize());
            }
            Libc.check("io_uring_register BUFFERS",
                Libc.rawSyscall(SYS_io_uring_register, fd, IORING_REGISTER_BUFFERS, iov.address(), buffers.size(), 0, 0));
        }
    }

    /** IORING_REGISTER_BUFFERS2 with IORING_RSRC_REGISTER_SPARSE: an empty table of n slots (ublk zero copy). */
    public void registerSparseBuffers(int n) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocate(RSRC_REGISTER_SIZE, 8);
            r.set(JAVA_INT, RSRC_NR, n);
            r.set(JAVA_INT, RSRC_FLAGS, IORING_RSRC_REGISTER_SPARSE);
            Libc.check("io_uring_register BUFFERS2 sparse",
                Libc.rawSyscall(SYS_io_uring_register, fd, IORING_REGISTER_BUFFERS2, r.address(), RSRC_REGISTER_SIZE, 0, 0));
        }
    }

    /** IORING_REGISTER_FILES: fds addressed by index with IOSQE_FIXED_FILE. */
    public void registerFiles(int... fds) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment arr = a.allocateFrom(JAVA_INT, fds);
            Libc.check("io_uring_register FILES",
                Libc.rawSyscall(SYS_io_uring_register, fd, IORING_REGISTER_FILES, arr.address(), fds.length, 0, 0));
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Libc.munmap(sqes);
        if (cqRing != sqRing) Libc.munmap(cqRing);
        Libc.munmap(sqRing);
        Libc.close(fd);
    }
}
