package dev.ublklab.real.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class VmTest {
    @Test
    void findsItsScriptsAndBuildsAGuestJavaCommand() {
        assertTrue(Files.isRegularFile(Vm.scriptsDir().resolve("run-in-vm.sh")), Vm.scriptsDir().toString());
        List<String> cmd = Vm.javaCommand("dev.ublklab.real.bench.RealBench", List.of("7"));
        assertTrue(cmd.contains("--enable-native-access=ALL-UNNAMED"));
        assertTrue(cmd.contains("-XX:TieredStopAtLevel=1"));
        assertEquals("7", cmd.getLast());
    }
}
