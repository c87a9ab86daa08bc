package dev.ublklab.real.ublk;

import java.lang.foreign.MemorySegment;

/**
 * Where a ublk device's data lives. Results follow the kernel's convention: bytes moved, or -errno.
 * Calls come from queue daemon threads, one per queue, possibly at once.
 */
public interface Target extends AutoCloseable {
    long sizeBytes();

    /** Copies {@code dst.byteSize()} bytes at device offset {@code off} into dst. */
    long read(long off, MemorySegment dst);

    /** Copies src to device offset {@code off}. */
    long write(long off, MemorySegment src);

    /** Copies {@code len} bytes at device offset {@code off} into buf at bufOff; a target may avoid the slice. */
    default long read(long off, MemorySegment buf, long bufOff, long len) { return read(off, buf.asSlice(bufOff, len)); }

    /** Copies {@code len} bytes of buf at bufOff to device offset {@code off}. */
    default long write(long off, MemorySegment buf, long bufOff, long len) { return write(off, buf.asSlice(bufOff, len)); }

    /** Makes written data durable (a FLUSH request). */
    int flush();

    /** Drops a range (DISCARD / WRITE_ZEROES): reads return zeros afterwards. */
    int discard(long off, long len);

    /** A file descriptor whose offsets are device offsets, for READ_FIXED/WRITE_FIXED (zero copy); -1 if none. */
    int fd();

    @Override
    void close();
}
