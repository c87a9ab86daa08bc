package dev.ublklab.real.ublk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMainTest {
    @Test
    void parsesOptions() {
        UblkServerMain.Options o = UblkServerMain.parse(new String[] {"--path", "user-copy", "--size", "16M", "--depth", "32"});
        assertEquals(DataPath.USER_COPY, o.path());
        assertEquals(16L << 20, o.size());
        assertEquals(32, o.depth());
        assertThrows(IllegalArgumentException.class, () -> UblkServerMain.parse(new String[] {"--path", "bogus"}));
        assertThrows(IllegalArgumentException.class, () -> UblkServerMain.parse(new String[] {"--size"}));
        UblkServerMain.Options m = UblkServerMain.parse(new String[] {"--mode", "zero-copy", "--target", "ram", "--queues", "2"});
        assertEquals(DataPath.ZERO_COPY, m.path());
        assertEquals(2, m.queues());
        assertEquals(64L << 20, m.ramBytes());
    }

    @Test
    void badArgumentsAreOneLineAndExit2(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("img"), new byte[8192]);
        String[][] bad = {
            {"--queues", "x"}, {"--depth", "0"}, {"--depth", "5000"}, {"--size", "12k34"}, {"--size", "1000"},
            {"--mode", "fast"}, {"--target", "file:" + dir.resolve("missing")}, {"--target", "file:" + dir},
            {"--target", "file:" + file, "--size", "8M"}, {"--trace", dir.resolve("no/such/dir/t.jsonl").toString()},
            {"--bogus", "1"}, {"stray"}, {"--queues"},
        };
        for (String[] args : bad) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int rc = UblkServerMain.run(args, new PrintStream(out, true), new PrintStream(err, true));
            String e = err.toString();
            assertEquals(2, rc, String.join(" ", args) + ": " + e);
            assertEquals("", out.toString(), "nothing on stdout for " + String.join(" ", args));
            assertTrue(e.startsWith("ublk-server: ") && e.indexOf('\n') == e.length() - 1, "one line: " + e);
        }
        assertFalse(Files.exists(dir.resolve("missing")), "a missing file target is never created");
    }

    @Test
    void withoutUblkTheErrorIsOneClearLineAndNothingIsCreated() {
        assumeFalse(Control.available(), "this kernel has ublk");
        UblkException e = assertThrows(UblkException.class, Control::open);
        assertEquals("no /dev/ublk-control: this kernel has no ublk_drv; use --vm", e.getMessage());
        assertEquals(2, e.exitCode());
        assertEquals(false, Files.exists(Path.of("/dev/ublk-control")));
    }
}
