package dev.ublklab.real.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ublklab.real.ublk.Control;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Refusals of the replay entry point: one line on stderr, exit 2, no stack trace. */
class ReplayMainTest {
    private static String[] err = new String[1];

    private static int run(String... args) {
        PrintStream old = System.err, oldOut = System.out;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        System.setErr(new PrintStream(b, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return ReplayMain.run(args);
        } finally {
            System.setErr(old);
            System.setOut(oldOut);
            err[0] = b.toString(StandardCharsets.UTF_8);
        }
    }

    private static String scenario(String name) { return Bundled.root().resolve("scenarios/" + name + ".json").toString(); }

    @Test
    void withoutUblkItSuggestsTheVm() {
        assumeFalse(Control.available(), "this machine has ublk");
        assertEquals(2, run(scenario("copy/read-basic")));
        assertTrue(err[0].contains("/dev/ublk-control") && err[0].contains("--vm"), err[0]);
        assertTrue(!err[0].contains("\tat "), "no stack trace: " + err[0]);
    }

    @Test
    void modelOnlyVariantsAndBadInputExitTwo() {
        assertEquals(2, run(scenario("copy/read-basic"), "--variant", "rfc-v1"));
        assertTrue(err[0].contains("--variant user-copy"), err[0]);
        assertEquals(2, run(scenario("rfc-v1/subpage-segments-read-fails-eacces")));
        assertTrue(err[0].contains("exists only in the model"), err[0]);
        assertEquals(2, run(scenario("copy/read-result-too-large")));
        assertTrue(err[0].contains("blk_rq_bytes"), err[0]);
        assertEquals(2, run("no-such-file.json"));
        assertTrue(err[0].contains("no such file"), err[0]);
        assertEquals(2, run(scenario("copy/read-basic"), "--bogus"));
        assertEquals(2, run(scenario("copy/read-basic"), "--record-only"));
    }
}
