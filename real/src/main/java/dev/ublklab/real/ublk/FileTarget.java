package dev.ublklab.real.ublk;

import dev.ublklab.real.sys.Errno;
import dev.ublklab.real.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/** An existing regular file (never created here) served with pread/pwrite; its size is the device size. */
public final class FileTarget implements Target {
    private final int fd;
    private final long size;
    private boolean closed;

    public FileTarget(Path file) {
        if (!Files.isRegularFile(file)) throw new UblkException("file target " + file + " is not an existing regular file", 1);
        try {
            this.size = Files.size(file) & ~4095L;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (size == 0) throw new UblkException("file target " + file + " is smaller than 4096 bytes", 1);
        this.fd = Libc.openExisting(file);
    }

    @Override public long sizeBytes() { return size; }

    @Override
    public long read(long off, MemorySegment dst) {
        long done = 0;
        while (done < dst.byteSize()) {
            long r = Libc.rawPread(fd, dst.address() + done, dst.byteSize() - done, off + done);
            if (r < 0) return r;
            if (r == 0) return done == 0 ? -Errno.EIO : done;
            done += r;
        }
        return done;
    }

    @Override
    public long write(long off, MemorySegment src) {
        long done = 0;
        while (done < src.byteSize()) {
            long r = Libc.rawPwrite(fd, src.address() + done, src.byteSize() - done, off + done);
            if (r < 0) return r;
            done += r;
        }
        return done;
    }

    @Override
    public int flush() {
        Libc.fsync(fd);
        return 0;
    }

    @Override
    public int discard(long off, long len) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment zeros = a.allocate(Math.min(len, 1 << 20), 4096);   // native: pwrite needs an address
            for (long done = 0; done < len; done += zeros.byteSize()) {
                long r = write(off + done, zeros.asSlice(0, Math.min(zeros.byteSize(), len - done)));
                if (r < 0) return (int) r;
            }
        }
        return 0;
    }

    @Override public int fd() { return fd; }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Libc.close(fd);
    }
}
