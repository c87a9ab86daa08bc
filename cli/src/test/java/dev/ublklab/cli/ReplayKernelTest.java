package dev.ublklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code replay --kernel V}: an unknown version is one line and exit 2, before anything runs. */
class ReplayKernelTest {
    @Test
    void anUnknownKernelVersionIsRefusedInOneLine() {
        String f = CliTest.scenarios().resolve("copy/write-basic.json").toString();
        CliTest.Result r = CliTest.run("replay", "--real", f, "--vm", "--kernel", "2.6");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--kernel 2.6: unknown version (simplified, 6.1, 6.12"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.out().isEmpty(), "refused before the guest boots: " + r.out());
    }
}
