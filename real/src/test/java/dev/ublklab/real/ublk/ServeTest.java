package dev.ublklab.real.ublk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ublklab.real.client.IoClient;
import dev.ublklab.real.client.IoClient.Io;
import dev.ublklab.real.client.IoClient.Completion;
import dev.ublklab.real.sys.Errno;
import dev.ublklab.real.sys.ErrnoException;
import dev.ublklab.real.trace.EventLog;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as a user runs it (guest only): a daemon in its own JVM, IO through its device, a signal,
 * and the device must be gone (no /dev/ublkbN, GET_DEV_INFO ENODEV, the ledger empty).
 */
class ServeTest {
    @Test
    void fileTargetUserCopyTwoQueuesServesThenSigintDeletesTheDevice(@TempDir Path dir) throws Exception {
        assumeTrue(Control.available(), "no /dev/ublk-control (run in the VM: real/vm/run-real-tests.sh)");
        Path file = dir.resolve("backing.img");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {   // a regular file in a temp dir
            f.setLength(8L << 20);
        }
        ServerKillTest.Child server = ServerKillTest.Child.serve(dir, "--target", "file:" + file, "--mode", "user-copy",
            "--queues", "2", "--depth", "16");
        byte[] written = ioThroughTheDevice(server.block(), 8L << 20);
        new ProcessBuilder("kill", "-INT", Long.toString(server.process().pid())).start().waitFor();
        assertEquals(130, server.process().waitFor());
        assertGone(server, dir);
        byte[] onFile = new byte[written.length];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.readFully(onFile);
        }
        assertArrayEquals(written, onFile, "the first 64 KiB the client wrote must be in the file");
    }

    @Test
    void ramTargetCopyServesThenSigtermDeletesTheDevice(@TempDir Path dir) throws Exception {
        assumeTrue(Control.available(), "no /dev/ublk-control (run in the VM: real/vm/run-real-tests.sh)");
        ServerKillTest.Child server = ServerKillTest.Child.serve(dir, "--target", "ram", "--size", "8M", "--mode", "copy");
        ioThroughTheDevice(server.block(), 8L << 20);
        server.process().destroy();                                      // SIGTERM
        assertEquals(143, server.process().waitFor());
        assertGone(server, dir);
    }

    /** Writes then reads back (verified by IoClient) 64 KiB at offset 0 and scattered 4 KiB blocks; returns the first 64 KiB. */
    private static byte[] ioThroughTheDevice(Path block, long size) throws Exception {
        List<Io> ios = new ArrayList<>();
        ios.add(new Io(0, true, 0, List.of(65536)));
        for (int i = 1; i <= 32; i++) ios.add(new Io(i, true, (i * 37L % (size / 4096)) * 4096, List.of(4096)));
        ios.add(new Io(100, false, 0, List.of(65536)));
        for (int i = 1; i <= 32; i++) ios.add(new Io(100 + i, false, (i * 37L % (size / 4096)) * 4096, List.of(4096)));
        try (IoClient c = new IoClient(block, size, 8, 1 << 20, EventLog.off())) {
            for (Completion r : c.run(ios)) assertEquals(r.io().bytes(), r.res(), "io " + r.io());
            assertEquals(0, c.mismatches(), c.firstMismatch());
        }
        byte[] first = new byte[65536];
        try (var ch = java.nio.channels.FileChannel.open(block, java.nio.file.StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(first);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) { /* buffered read of what was written */ }
        }
        return first;
    }

    private static void assertGone(ServerKillTest.Child server, Path cache) throws Exception {
        assertFalse(Files.exists(server.block()), server.block() + " must be gone");
        try (Control c = Control.open()) {
            ErrnoException gone = assertThrows(ErrnoException.class, () -> c.getDevInfo(server.id()));
            assertEquals(Errno.ENODEV, gone.errno());
        }
        assertEquals("", Files.readString(cache.resolve("real").resolve("ublk-devices")));
    }
}
