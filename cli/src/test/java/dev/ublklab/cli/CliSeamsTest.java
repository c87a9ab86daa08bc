package dev.ublklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.cli.CliTest.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the commands meet: output files, sim against demo, livelocks in run and check --out, --help. */
class CliSeamsTest {
    private static final String FINDING = "rfc-v1/early-commit-mid-splice-writes-released-page.json";

    private static String scenario(String rel) {
        return CliTest.scenarios().resolve(rel).toString();
    }

    /**
     * A directory nobody may write into. Root ignores mode bits, so as root it is sysfs, where
     * creating a file is refused (EACCES) for root too.
     */
    private static Path readOnlyDir(Path tmp) throws IOException {
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        return Files.isWritable(ro) ? Path.of("/sys/kernel") : ro;
    }

    private static void oneLine(Result r, String prefix) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertTrue(r.err().startsWith("ublk-lab: " + prefix), r.err());
    }

    @Test
    void everyOutFailureIsOneLineWithTheReason(@TempDir Path tmp) throws IOException {
        Path ro = readOnlyDir(tmp);
        for (String ext : List.of("png", "svg", "json", "csv")) {
            Path out = ro.resolve("x." + ext);
            oneLine(CliTest.run("render", scenario(FINDING), "--out", out.toString()),
                    "cannot write " + out + ": Permission denied");
        }
        Path cex = ro.resolve("c.json");
        oneLine(CliTest.run("check", scenario(FINDING), "--out", cex.toString()), "cannot write " + cex + ": Permission denied");
        Path trace = ro.resolve("t.jsonl");
        oneLine(CliTest.run("run", scenario(FINDING), "--trace", trace.toString()), "cannot write " + trace + ": Permission denied");
        Path missing = tmp.resolve("nonexistent/dir/y.png");
        oneLine(CliTest.run("render", scenario(FINDING), "--out", missing.toString()),
                "cannot write " + missing + ": directory " + missing.getParent() + " does not exist");
        assertFalse(Files.exists(tmp.resolve("nonexistent")), "a missing directory is not created");
        Path missingCex = tmp.resolve("nonexistent/c.json");
        oneLine(CliTest.run("check", scenario(FINDING), "--out", missingCex.toString()), "cannot write " + missingCex + ": directory ");
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        oneLine(CliTest.run("render", scenario(FINDING), "--out", file.resolve("y.svg").toString()), "cannot write ");
    }

    @Test
    void simAndDemoJudgeARecordedFindingAlike() {
        Result sim = CliTest.run("sim", scenario(FINDING), "--seeds", "20");
        assertEquals(0, sim.code(), sim.out());
        assertTrue(sim.out().contains("records a schedule") && sim.out().contains("ublk-lab check"), sim.out());
        assertTrue(sim.out().contains("expectation met"), sim.out());
    }

    @Test
    void runOnALivelockPrintsATailAndCheckOutWritesTheLasso(@TempDir Path tmp) throws IOException {
        String livelock = scenario("copy/zero-commit-livelock.json");
        Result run = CliTest.run("run", livelock);
        assertEquals(1, run.code());
        assertTrue(run.out().contains("last " + RunCommand.TAIL + " of 2000 steps:"), run.out());
        assertTrue(run.out().lines().count() < 30, "a short tail, not 2000 steps");
        assertTrue(run.out().contains("'ublk-lab check " + livelock + "'"), run.out());
        Path lasso = tmp.resolve("lasso.json");
        Result check = CliTest.run("check", livelock, "--out", lasso.toString());
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("livelock scenario: " + lasso), check.out());
        Result replay = CliTest.run("run", lasso.toString());
        assertTrue(replay.out().contains("schedule=recorded(2000 choices)"), replay.out());
        assertTrue(replay.out().contains("limit after 2000 steps") || replay.out().contains("no end after 2000 steps"), replay.out());
        assertFalse(replay.err().contains("schedule"), "the lasso replays: " + replay.err());
        assertEquals(List.of(1, 2, 3, 4, 3, 4, 3), CheckCommand.lassoSchedule(List.of(1, 2), List.of(3, 4), 7));
    }

    @Test
    void renderOfALivelockScenarioShowsChecksLasso(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("l.svg");
        Result r = CliTest.run("render", scenario("copy/zero-commit-livelock.json"), "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String svg = Files.readString(out);
        assertTrue(svg.contains("livelock: after 7 steps, a cycle of 8 steps"), "check's lasso, found by model states");
    }

    @Test
    void renderTheFindingsScheduleOnAnotherVariantAndKernel(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("d.svg");
        Result r = CliTest.run("render", scenario(FINDING), "--variant", "rfc-fixed", "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("the same interleaving on rfc-fixed: diverges at step 10"), r.out());
        assertTrue(Files.readString(out).contains("first divergence: #10 t=10 releasePages r1"));
        Result k = CliTest.run("render", scenario("copy/short-commit-requeue.json"), "--kernel", "6.1", "--out", out.toString());
        assertEquals(0, k.code(), k.out() + k.err());
        assertTrue(k.out().contains("on kernel 6.1"), k.out());
        // 6.14 has the mainline lifecycle, which runs the correct server only: a scripted scenario is refused in one line.
        Result lc = CliTest.run("render", scenario("copy/short-commit-requeue.json"), "--kernel", "6.14", "--out", out.toString());
        assertEquals(2, lc.code(), lc.out() + lc.err());
        assertEquals(1, lc.err().strip().lines().count(), lc.err());
        assertTrue(lc.err().contains("--kernel 6.14: kernel 6.14 (mainline lifecycle) runs the correct server only"), lc.err());
        oneLine(CliTest.run("render", scenario(FINDING), "--variant", "nope", "--out", out.toString()), "--variant: unknown variant");
    }

    @Test
    void topLevelHelpSummariesAreWholeSentences() {
        Result r = CliTest.run("--help");
        String commands = r.out().substring(r.out().indexOf("Commands:"));
        StringBuilder entry = new StringBuilder();
        for (String line : (commands + "\n  end").lines().skip(1).toList()) {
            if (line.matches("  \\S.*") && !entry.isEmpty()) {
                String text = entry.toString().strip().replaceAll("\\s+", " ");
                assertTrue(text.endsWith("."), "a whole sentence: " + text);
                entry.setLength(0);
            }
            entry.append(' ').append(line.strip());
        }
        Result view = CliTest.run("view", "--help");
        assertTrue(view.out().contains("n / p") && view.out().contains("?"), "the viewer's keys: " + view.out());
    }
}
