package dev.ublklab.real.ublk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerMainTest {
    @Test
    void parsesOptions() {
        UblkServerMain.Options o = UblkServerMain.parse(new String[] {"--path", "user-copy", "--size", "16M", "--depth", "32"});
        assertEquals(DataPath.USER_COPY, o.path());
        assertEquals(16L << 20, o.size());
        assertEquals(32, o.depth());
        assertThrows(IllegalArgumentException.class, () -> UblkServerMain.parse(new String[] {"--path", "bogus"}));
        assertThrows(IllegalArgumentException.class, () -> UblkServerMain.parse(new String[] {"--size"}));
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
