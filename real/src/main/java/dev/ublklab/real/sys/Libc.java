package dev.ublklab.real.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The system calls this module makes, as FFM downcalls into libc with errno captured right after
 * the call ({@code Linker.Option.captureCallState("errno")}). A failed call throws
 * {@link ErrnoException}; callers that treat a failure as data use the {@code raw*} forms, which
 * return {@code -errno}.
 */
public final class Libc {
    private Libc() {}

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
        CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> CAPTURED =
        ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static MethodHandle errnoCall(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), fd, options);
    }

    // long syscall(long nr, ...): io_uring has no libc wrapper in glibc 2.36
    private static final MethodHandle SYSCALL = errnoCall("syscall",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
        Linker.Option.firstVariadicArg(1));
    private static final MethodHandle OPEN = errnoCall("open",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PREAD = errnoCall("pread",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PWRITE = errnoCall("pwrite",
        FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle MMAP = errnoCall("mmap",
        FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = errnoCall("munmap", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle FTRUNCATE = errnoCall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle FSYNC = errnoCall("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle MEMFD_CREATE = errnoCall("memfd_create",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SCHED_SETAFFINITY = errnoCall("sched_setaffinity",
        FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle GETPID = LINKER.downcallHandle(
        LINKER.defaultLookup().findOrThrow("getpid"), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
        LINKER.defaultLookup().findOrThrow("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private static int errno(MemorySegment captured) { return (int) ERRNO.get(captured, 0L); }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    /** {@code syscall(nr, a...)}; returns the result, or {@code -errno} on failure. */
    public static long rawSyscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        return rawSyscall(CAPTURED.get(), nr, a1, a2, a3, a4, a5, a6);
    }

    /** A fresh errno capture segment, for an object that makes its own calls (a ring). */
    public static MemorySegment newCaptureSegment() { return Arena.ofAuto().allocate(CAPTURE); }

    /** A per-thread errno capture segment for {@link #rawSyscall(MemorySegment, long, long, long, long, long, long, long)}. */
    public static MemorySegment captureSegment() { return CAPTURED.get(); }

    /** As {@link #rawSyscall(long, long, long, long, long, long, long)} with the caller's capture segment (a hot loop skips the ThreadLocal). */
    public static long rawSyscall(MemorySegment c, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            long r = (long) SYSCALL.invokeExact(c, nr, a1, a2, a3, a4, a5, a6);
            return r == -1 ? -errno(c) : r;
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** Throws {@link ErrnoException} when {@code r} is {@code -errno}. */
    public static long check(String call, long r) {
        if (r < 0 && r >= -4095) throw new ErrnoException(call, (int) -r);
        return r;
    }

    /**
     * open(2) with {@code O_RDWR|O_CLOEXEC} plus {@code extraFlags}, never O_CREAT: a device path that is
     * missing must stay missing (a create would leave a regular file where a device node belongs).
     */
    public static int openExisting(Path path, int extraFlags) {
        if ((extraFlags & Uapi.O_CREAT) != 0) throw new IllegalArgumentException("O_CREAT is not allowed here");
        MemorySegment c = CAPTURED.get();
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(c, a.allocateFrom(path.toString()), Uapi.O_RDWR | Uapi.O_CLOEXEC | extraFlags, 0);
            if (fd < 0) throw new ErrnoException("open " + path, errno(c));
            return fd;
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** Opens an existing file or device read-write; a missing path is {@link ErrnoException} ENOENT. */
    public static int openExisting(Path path) { return openExisting(path, 0); }

    public static void close(int fd) {
        MemorySegment c = CAPTURED.get();
        try {
            int r = (int) CLOSE.invokeExact(c, fd);
            if (r < 0) throw new ErrnoException("close " + fd, errno(c));
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** pread(2); returns bytes read or {@code -errno}. */
    public static long rawPread(int fd, long addr, long len, long off) {
        MemorySegment c = CAPTURED.get();
        try {
            long r = (long) PREAD.invokeExact(c, fd, addr, len, off);
            return r < 0 ? -errno(c) : r;
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** pwrite(2); returns bytes written or {@code -errno}. */
    public static long rawPwrite(int fd, long addr, long len, long off) {
        MemorySegment c = CAPTURED.get();
        try {
            long r = (long) PWRITE.invokeExact(c, fd, addr, len, off);
            return r < 0 ? -errno(c) : r;
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** mmap(2) of {@code len} bytes of {@code fd} at {@code off}. */
    public static MemorySegment mmap(String what, long len, int prot, int flags, int fd, long off) {
        MemorySegment c = CAPTURED.get();
        try {
            long r = (long) MMAP.invokeExact(c, 0L, len, prot, flags, fd, off);
            if (r == -1) throw new ErrnoException("mmap " + what, errno(c));
            return MemorySegment.ofAddress(r).reinterpret(len);
        } catch (Throwable t) { throw rethrow(t); }
    }

    public static void munmap(MemorySegment s) {
        MemorySegment c = CAPTURED.get();
        try {
            int r = (int) MUNMAP.invokeExact(c, s.address(), s.byteSize());
            if (r < 0) throw new ErrnoException("munmap", errno(c));
        } catch (Throwable t) { throw rethrow(t); }
    }

    public static void ftruncate(int fd, long len) {
        MemorySegment c = CAPTURED.get();
        try {
            int r = (int) FTRUNCATE.invokeExact(c, fd, len);
            if (r < 0) throw new ErrnoException("ftruncate", errno(c));
        } catch (Throwable t) { throw rethrow(t); }
    }

    public static void fsync(int fd) {
        MemorySegment c = CAPTURED.get();
        try {
            int r = (int) FSYNC.invokeExact(c, fd);
            if (r < 0) throw new ErrnoException("fsync", errno(c));
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** memfd_create(2) with MFD_CLOEXEC: anonymous RAM with a file descriptor. */
    public static int memfdCreate(String name) {
        MemorySegment c = CAPTURED.get();
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) MEMFD_CREATE.invokeExact(c, a.allocateFrom(name), Uapi.MFD_CLOEXEC);
            if (fd < 0) throw new ErrnoException("memfd_create", errno(c));
            return fd;
        } catch (Throwable t) { throw rethrow(t); }
    }

    /** sched_setaffinity(0, mask): pins the calling thread to the CPUs set in {@code mask} (a cpu_set_t); 0 or -errno. */
    public static int schedSetaffinity(byte[] mask) {
        MemorySegment c = CAPTURED.get();
        try (Arena a = Arena.ofConfined()) {
            int r = (int) SCHED_SETAFFINITY.invokeExact(c, 0, (long) mask.length, a.allocateFrom(JAVA_BYTE, mask));
            return r < 0 ? -errno(c) : 0;
        } catch (Throwable t) { throw rethrow(t); }
    }

    public static int getpid() {
        try { return (int) GETPID.invokeExact(); } catch (Throwable t) { throw rethrow(t); }
    }

    /** libc's text for an errno, or null if it has none. */
    static String strerror(int errno) {
        try {
            MemorySegment p = (MemorySegment) STRERROR.invokeExact(errno);
            return p.equals(MemorySegment.NULL) ? null : p.reinterpret(256).getString(0);
        } catch (Throwable t) { return null; }
    }
}
