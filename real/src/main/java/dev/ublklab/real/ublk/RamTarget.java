package dev.ublklab.real.ublk;

import dev.ublklab.real.sys.Libc;
import dev.ublklab.real.sys.Uapi;
import java.lang.foreign.MemorySegment;

/**
 * RAM behind a memfd (memfd_create + mmap MAP_SHARED): copies are plain memory moves, and the fd lets
 * the zero-copy path READ_FIXED/WRITE_FIXED into the same bytes.
 */
public final class RamTarget implements Target {
    private final int fd;
    private final MemorySegment ram;
    private boolean closed;

    public RamTarget(long sizeBytes) {
        if (sizeBytes <= 0 || sizeBytes % 4096 != 0) throw new IllegalArgumentException("size must be a positive multiple of 4096");
        this.fd = Libc.memfdCreate("ublk-lab-ram");
        Libc.ftruncate(fd, sizeBytes);
        this.ram = Libc.mmap("ram target", sizeBytes, Uapi.PROT_READ | Uapi.PROT_WRITE, Uapi.MAP_SHARED, fd, 0);
    }

    /** The target's bytes, for tests that check what the device holds. */
    public MemorySegment memory() { return ram; }

    @Override public long sizeBytes() { return ram.byteSize(); }

    @Override
    public long read(long off, MemorySegment dst) {
        MemorySegment.copy(ram, off, dst, 0, dst.byteSize());
        return dst.byteSize();
    }

    @Override
    public long write(long off, MemorySegment src) {
        MemorySegment.copy(src, 0, ram, off, src.byteSize());
        return src.byteSize();
    }

    @Override
    public long read(long off, MemorySegment buf, long bufOff, long len) {
        MemorySegment.copy(ram, off, buf, bufOff, len);
        return len;
    }

    @Override
    public long write(long off, MemorySegment buf, long bufOff, long len) {
        MemorySegment.copy(buf, bufOff, ram, off, len);
        return len;
    }

    @Override public int flush() { return 0; }

    @Override
    public int discard(long off, long len) {
        ram.asSlice(off, len).fill((byte) 0);
        return 0;
    }

    @Override public int fd() { return fd; }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Libc.munmap(ram);
        Libc.close(fd);
    }
}
