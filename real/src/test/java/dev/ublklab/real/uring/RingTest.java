package dev.ublklab.real.uring;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.real.sys.Errno;
import dev.ublklab.real.sys.Libc;
import dev.ublklab.real.sys.Uapi;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** io_uring works on the host (ublk does not): these run everywhere. */
class RingTest {
    private static Path file(Path dir, int size) throws Exception {
        Path f = dir.resolve("data");
        Files.write(f, new byte[size]);
        return f;
    }

    /**
     * The in-place URING_CMD SQE reaches the kernel as written: on a fixed file without ->uring_cmd (a
     * regular file) the command fails with -EOPNOTSUPP under our user_data, through a registered ring fd.
     */
    @Test
    void inPlaceUringCmdOnAFixedFileThroughARegisteredRing(@TempDir Path dir) throws Exception {
        int fd = Libc.openExisting(file(dir, 4096));
        int flags = Uapi.IORING_SETUP_COOP_TASKRUN | Uapi.IORING_SETUP_SINGLE_ISSUER | Uapi.IORING_SETUP_DEFER_TASKRUN;
        try (Ring r = Ring.setup(4, flags)) {
            r.registerFiles(fd);
            assertTrue(r.registerRingFd(), "IORING_REGISTER_RING_FDS (5.18+)");
            assertTrue(r.putUringCmd(0, Uapi.IOSQE_FIXED_FILE, 0x1234, 0xabcdL, -1L, -1L));
            long before = r.enters();
            Cqe c = r.awaitOne();
            assertEquals(0xabcdL, c.userData());
            assertEquals(-Errno.EOPNOTSUPP, c.res());
            assertEquals(before + 1, r.enters());
        } finally {
            Libc.close(fd);
        }
    }

    @Test
    void nopRoundTrip() {
        try (Ring r = Ring.setup(4, Uapi.IORING_SETUP_SQE128 | Uapi.IORING_SETUP_CQE32)) {
            assertEquals(128, r.sqeSize());
            Sqe.nop(r.sqe(), 0xfeedL);
            assertEquals(1, r.submit(1));
            Cqe c = r.awaitOne();
            assertEquals(0xfeedL, c.userData());
            assertEquals(0, c.res());
            assertEquals(0, r.cqReady());
        }
    }

    @Test
    void writeThenReadATempFile(@TempDir Path dir) throws Exception {
        Path f = file(dir, 8192);
        int fd = Libc.openExisting(f);
        try (Ring r = Ring.setup(8, Uapi.IORING_SETUP_COOP_TASKRUN | Uapi.IORING_SETUP_SINGLE_ISSUER
                 | Uapi.IORING_SETUP_DEFER_TASKRUN); Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(4096, 4096);
            for (int i = 0; i < 4096; i++) out.set(JAVA_BYTE, i, (byte) (i * 7));
            Sqe.write(r.sqe(), fd, out.address(), 4096, 4096, 1);
            Cqe w = r.awaitOne();
            assertEquals(4096, w.res());
            MemorySegment in = a.allocate(4096, 4096);
            Sqe.read(r.sqe(), fd, in.address(), 4096, 4096, 2);
            Cqe rd = r.awaitOne();
            assertEquals(2, rd.userData());
            assertEquals(4096, rd.res());
            assertEquals(-1, out.mismatch(in));
        } finally {
            Libc.close(fd);
        }
        byte[] disk = Files.readAllBytes(f);
        assertEquals((byte) (5 * 7), disk[4096 + 5]);
    }

    @Test
    void vectoredWriteAndRead(@TempDir Path dir) throws Exception {
        Path f = file(dir, 3 * 4096);
        int fd = Libc.openExisting(f);
        try (Ring r = Ring.setup(4, 0); Arena a = Arena.ofConfined()) {
            MemorySegment bufs = a.allocate(3 * 4096, 4096);
            for (long i = 0; i < bufs.byteSize(); i += 8) bufs.set(JAVA_LONG, i, i * 31);
            MemorySegment iov = iovecs(a, bufs, 3);
            Sqe.writev(r.sqe(), fd, iov.address(), 3, 0, 1);
            assertEquals(3 * 4096, r.awaitOne().res());
            MemorySegment back = a.allocate(3 * 4096, 4096);
            Sqe.readv(r.sqe(), fd, iovecs(a, back, 3).address(), 3, 0, 2);
            assertEquals(3 * 4096, r.awaitOne().res());
            assertEquals(-1, bufs.mismatch(back));
        } finally {
            Libc.close(fd);
        }
    }

    private static MemorySegment iovecs(Arena a, MemorySegment bufs, int n) {
        MemorySegment iov = a.allocate(16L * n, 8);
        long each = bufs.byteSize() / n;
        for (int i = 0; i < n; i++) {
            iov.set(JAVA_LONG, 16L * i, bufs.address() + i * each);
            iov.set(JAVA_LONG, 16L * i + 8, each);
        }
        return iov;
    }

    @Test
    void badFdIsARecordedNegativeResult() {
        try (Ring r = Ring.setup(4, 0); Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(512, 512);
            Sqe.read(r.sqe(), 1_000_000, buf.address(), 512, 0, 9);
            Cqe c = r.awaitOne();
            assertEquals(9, c.userData());
            assertEquals(-Errno.EBADF, c.res());
        }
    }

    @Test
    void wrapsAroundWithMoreOpsThanEntries() {
        try (Ring r = Ring.setup(4, 0)) {
            assertEquals(4, r.sqEntries());
            Set<Long> seen = new HashSet<>();
            List<Cqe> got = new ArrayList<>();
            for (long i = 0; i < 1000; i++) {
                Sqe.nop(r.sqe(), i);      // sqe() submits by itself when the SQ ring is full
                if (i % 3 == 2) {
                    r.submit(1);
                    r.drain(got);
                }
            }
            while (r.sqPending() > 0 || got.size() < 1000) {
                r.submit(1);
                r.drain(got);
                if (got.size() >= 1000) break;
            }
            for (Cqe c : got) {
                assertEquals(0, c.res());
                assertTrue(seen.add(c.userData()), "duplicate CQE " + c.userData());
            }
            assertEquals(1000, seen.size());
        }
    }

    @Test
    void fixedBuffers(@TempDir Path dir) throws Exception {
        Path f = file(dir, 8192);
        int fd = Libc.openExisting(f);
        try (Ring r = Ring.setup(4, 0); Arena a = Arena.ofConfined()) {
            MemorySegment b0 = a.allocate(4096, 4096), b1 = a.allocate(4096, 4096);
            r.registerBuffers(List.of(b0, b1));
            b1.fill((byte) 0x5a);
            Sqe.writeFixed(r.sqe(), fd, b1.address(), 4096, 0, 1, 1);
            assertEquals(4096, r.awaitOne().res());
            Sqe.readFixed(r.sqe(), fd, b0.address() + 100, 1000, 10, 0, 2);
            assertEquals(1000, r.awaitOne().res());
            assertEquals((byte) 0x5a, b0.get(JAVA_BYTE, 100));
            assertEquals((byte) 0x5a, b0.get(JAVA_BYTE, 1099));
            assertEquals((byte) 0, b0.get(JAVA_BYTE, 1100));
        } finally {
            Libc.close(fd);
        }
    }
}
