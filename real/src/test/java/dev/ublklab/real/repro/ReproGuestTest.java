package dev.ublklab.real.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ublklab.model.Behaviour;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.real.replay.GuestKernel;
import dev.ublklab.real.ublk.Control;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel findings' reproducers on the guest's kernel: repro/ublk-short-commit-write exits 1
 * where the model's version of this kernel has short-commit-ends-whole (7.3), 0 where it has not
 * (6.12), and 0 on 7.3 with the patched ublk_drv.ko judged as 7.3-fixed
 * ({@code UBLK_LAB_MODEL_KERNEL=7.3-fixed run-real-tests.sh --suite trixie-backports --module KO}).
 * run-real-tests.sh builds the binaries on the host into real/target/repro.
 */
class ReproGuestTest {
    /** 1 where the model's version of the kernel has short-commit-ends-whole (finding K1), else 0. */
    static int expectedExit(GuestKernel k) {
        return k.version().has(Behaviour.SHORT_COMMIT_ENDS_WHOLE) ? Repro.SHOWS : Repro.DOES_NOT;
    }

    /** On the host: what the guest test demands of each guest (both guests' releases, and the patched module). */
    @Test
    void theReproducerMustExit1OnThe73GuestAnd0OnThe612GuestAndWithTheFix() {
        assertEquals(Repro.SHOWS, expectedExit(GuestKernel.choose("7.3.4+deb13-amd64", null)));
        assertEquals(Repro.DOES_NOT, expectedExit(GuestKernel.choose("6.12.118+deb12-amd64", null)));
        assertEquals(Repro.DOES_NOT, expectedExit(GuestKernel.choose("7.3.4+deb13-amd64", KernelVersion.V7_3_FIXED)));
    }

    @Test
    void theShortCommitReproducerAgreesWithTheModelsVersionOfThisKernel() throws Exception {
        assumeTrue(Control.available(), "no /dev/ublk-control (run in the VM: real/vm/run-real-tests.sh)");
        Path bin = Path.of("real/target/repro/ublk-short-commit-write");
        assumeTrue(Files.isExecutable(bin), "not built: " + bin + " (run-real-tests.sh builds repro/*.c with gcc on the host)");
        String release = System.getProperty("os.version");
        boolean patched = System.getenv("UBLK_LAB_MODULE") != null;
        // a patched module is judged as the version UBLK_LAB_MODEL_KERNEL names (7.3-fixed), else the release's
        int expected = expectedExit(GuestKernel.choose(release, GuestKernel.fromEnv()));
        Path log = Files.createTempFile("repro", ".out");
        Process p = new ProcessBuilder(bin.toAbsolutePath().toString()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        // its own deadline is 60 s; a hang past that is a failure of the reproducer, not a reason to hang the suite
        boolean ended = p.waitFor(180, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Files.readAllBytes(log));
        assertTrue(ended, "the reproducer did not end within 180 s: " + out);
        int rc = p.exitValue();
        System.out.println("repro on " + release + (patched ? " with " + System.getenv("UBLK_LAB_MODULE") : "") + ": exit " + rc
            + ": " + out.toString().strip());
        assertEquals(expected, rc, out.toString());
        assertTrue(out.toString().startsWith("ublk short-commit reproducer on Linux " + release), out.toString());
    }
}
