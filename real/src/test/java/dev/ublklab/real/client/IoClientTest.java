package dev.ublklab.real.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.real.client.IoClient.Io;
import dev.ublklab.real.client.IoClient.Completion;
import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.trace.RealEvent;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IO client against a regular file (O_DIRECT where the host file system allows it). */
class IoClientTest {
    static final long SIZE = 1 << 20;

    @Test
    void writesVerifyAndACorruptionIsCaught(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("disk.img");
        Files.write(f, new byte[(int) SIZE]);
        EventLog trace = EventLog.recording();
        List<Io> writes = new ArrayList<>(), reads = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            writes.add(new Io(i, true, i * 8192L, i % 2 == 0 ? List.of(4096, 4096) : List.of(512, 1536, 6144)));
            reads.add(new Io(100 + i, false, i * 8192L, i % 2 == 0 ? List.of(8192) : List.of(4096, 4096)));
        }
        try (IoClient c = new IoClient(f, SIZE, 8, 1 << 16, trace)) {
            for (Completion r : c.run(writes)) assertEquals(8192, r.res());
            for (Completion r : c.run(reads)) assertEquals(8192, r.res());
            assertEquals(0, c.mismatches(), c.firstMismatch());
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {   // corrupt one byte behind its back
                ch.write(ByteBuffer.wrap(new byte[] {0x55}), 3 * 8192 + 100);
            }
            c.run(List.of(new Io(200, false, 3 * 8192, List.of(8192))));
            assertEquals(1, c.mismatches());
            assertTrue(c.firstMismatch().contains("io 200"), c.firstMismatch());
        }
        assertEquals(65, trace.events(RealEvent.Submit.class).size());
        assertEquals(65, trace.events(RealEvent.Complete.class).size());
    }

    @Test
    void overlappingIosDoNotRunTogether(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("disk.img");
        Files.write(f, new byte[(int) SIZE]);
        List<Io> ios = new ArrayList<>();
        for (int i = 0; i < 40; i++) ios.add(new Io(i, i % 3 != 2, (i % 4) * 4096L, List.of(8192)));
        try (IoClient c = new IoClient(f, SIZE, 16, 1 << 16, EventLog.off())) {
            for (Completion r : c.run(ios)) assertEquals(8192, r.res());
            assertEquals(0, c.mismatches(), c.firstMismatch());
        }
    }
}
