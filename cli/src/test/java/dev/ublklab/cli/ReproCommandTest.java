package dev.ublklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ublklab.real.ublk.Control;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ublk-lab repro}: builds with gcc on the host; bad input is one line and exit 2. */
class ReproCommandTest {
    static Path repro() {
        return CliTest.scenarios().getParent().resolve("repro/ublk-short-commit-write.c");
    }

    @Test
    void theShortCommitReproducerBuildsAndWithoutUblkSuggestsTheVm() {
        assumeTrue(!Control.available(), "this machine has ublk");
        CliTest.Result r = CliTest.run("repro", repro().toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("built ") && r.out().contains("(gcc -Wall -O2)"), r.out());
        assertTrue(r.err().contains("run it in the project's VM with --vm"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aMissingFileANonCFileAndACompileErrorAreOneLineEach(@TempDir Path tmp) throws IOException {
        CliTest.Result missing = CliTest.run("repro", tmp.resolve("nope.c").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.c: no such file"), missing.err());
        Path txt = Files.writeString(tmp.resolve("x.txt"), "int main(void){return 0;}\n");
        CliTest.Result notC = CliTest.run("repro", txt.toString());
        assertEquals(2, notC.code());
        assertTrue(notC.err().contains("a reproducer is a C file"), notC.err());
        Path bad = Files.writeString(tmp.resolve("bad.c"), "int main(void) { return undeclared; }\n");
        CliTest.Result broken = CliTest.run("repro", bad.toString());
        assertEquals(2, broken.code());
        assertTrue(broken.err().contains("failed (exit 1)") && broken.err().contains("undeclared"), broken.err());
        assertEquals(1, broken.err().lines().count(), broken.err());
    }

    @Test
    void suiteAndModuleNeedTheVm() {
        CliTest.Result r = CliTest.run("repro", repro().toString(), "--suite", "trixie-backports");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--suite and --module need --vm"), r.err());
        assertFalse(r.out().contains("built "), "refused before building");
    }
}
