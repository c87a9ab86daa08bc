package dev.ublklab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line: 0 met, 1 not met, 2 bad input, never a stack trace. */
class CliTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        try {
            int code = Main.execute(args);
            return new Result(code, o.toString(), e.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static Path scenarios() {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("scenarios"))) {
            p = p.getParent();
        }
        return p.resolve("scenarios");
    }

    @Test
    void runPrintsTheSeedFirstAndMeetsTheExpectation(@TempDir Path tmp) throws IOException {
        Path trace = tmp.resolve("t.jsonl");
        Result r = run("run", scenarios().resolve("copy/read-basic.json").toString(), "--trace", trace.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("seed=1\n"), r.out());
        assertTrue(Files.readString(trace).startsWith("{\"trace\":\"ublk-lab\""));
    }

    @Test
    void kernelsDiffListsExactlyTheSwitchesThatDiffer() {
        for (dev.ublklab.model.KernelVersion a : dev.ublklab.model.KernelVersion.values()) {
            for (dev.ublklab.model.KernelVersion b : dev.ublklab.model.KernelVersion.values()) {
                Result r = run("kernels", "--diff", a.id(), b.id());
                assertEquals(0, r.code(), r.err());
                for (dev.ublklab.model.Behaviour x : dev.ublklab.model.Behaviour.values()) {
                    boolean listed = r.out().contains("\n  " + x.id() + " ");
                    assertEquals(a.has(x) != b.has(x), listed, a.id() + " vs " + b.id() + ", " + x.id() + ":\n" + r.out());
                }
            }
        }
    }

    /** demo --kernel goes on past a scenario the version cannot run and past a schedule it does not allow. */
    @Test
    void demoOnAKernelReportsRefusalsAndUnfitSchedulesAndGoesOn(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("s"));
        for (String f : new String[] {"copy/commit-error.json", "mainline-6.16/start-dev-after-daemon-died.json",
                "copy/read-basic.json"}) {
            Files.copy(scenarios().resolve(f), dir.resolve(Path.of(f).getFileName()));
        }
        Result r = run("demo", "--dir", dir.toString(), "--seeds", "3", "--kernel", "6.14");
        assertFalse(r.err().contains("internal error"), r.err());
        assertTrue(r.out().contains("commit-error.json") && r.out().contains("refused: kernel 6.14 (mainline lifecycle) runs the correct server only"), r.out());
        assertTrue(r.out().contains("start-dev-after-daemon-died.json") && r.out().contains("schedule does not apply on kernel 6.14"), r.out());
        assertTrue(r.out().contains("1 of 1 scenarios met their expectation (1 refused on kernel 6.14) (1 recorded schedules do not apply on kernel 6.14)"), r.out());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void kernelOptionRunsTheScenarioOnThatVersionOrRefusesInOneLine() {
        Result r = run("run", scenarios().resolve("copy/read-basic.json").toString(), "--kernel", "6.16");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("(copy, kernel 6.16)"), r.out());
        Result unknown = run("check", scenarios().resolve("copy/read-basic.json").toString(), "--kernel", "9.9");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("ublk-lab: --kernel: unknown kernel version \"9.9\""), unknown.err());
        Result lacks = run("sim", scenarios().resolve("zero-copy/read-write-basic.json").toString(), "--kernel", "6.14");
        assertEquals(2, lacks.code());
        assertTrue(lacks.err().contains("kernel 6.14 has no zero-copy data path"), lacks.err());
        assertEquals(1, lacks.err().strip().split("\n").length, lacks.err());
    }

    @Test
    void aLivelockPrintsItsPrefixThenItsCycleFromWhereThePrefixEnds() {
        Result r = run("check", scenarios().resolve("copy/zero-commit-livelock.json").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("livelock: after 7 steps, a cycle of 8 steps"), r.out());
        assertTrue(r.out().contains("cycle (repeats forever, no IO completes):\n   8. cqe q0"), r.out());
        assertTrue(r.out().contains("  15. execute q0"), r.out());
        Result sim = run("run", scenarios().resolve("copy/zero-commit-livelock.json").toString());
        assertEquals(1, sim.code(), "a random run cannot prove it");
        assertTrue(sim.out().contains("inconclusive") && sim.out().contains("ublk-lab check"), sim.out());
    }

    @Test
    void aViolationPrintsTheNumberedSteps() {
        Result r = run("run", scenarios().resolve("copy/read-result-too-large.json").toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("violated no-kernel-warn"), r.out());
        assertTrue(r.out().contains("   1. submit r1"), r.out());
    }

    @Test
    void unmetExpectationExitsOne(@TempDir Path tmp) throws IOException {
        String text = Files.readString(scenarios().resolve("copy/commit-error.json"))
                .replace("\"expect\": {\"violated\": [\"every-io-completes\"]}", "\"expect\": {}");
        Path f = tmp.resolve("unmet.json");
        Files.writeString(f, text);
        Result r = run("run", f.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("expectation NOT met: every-io-completes violated: r1 completed with -EIO"), r.out());
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, "{\"config\":{\"variant\":\"copy\"},\"ios\":[{\"id\":\"r1\",\"op\":\"READ\",\"queue\":5,\"bytes\":4096}]}");
        for (String[] args : new String[][] {{"run", f.toString()}, {"sim", f.toString(), "--seeds", "3"}, {"run", tmp.resolve("missing.json").toString()}}) {
            Result r = run(args);
            assertEquals(2, r.code(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertTrue(r.err().startsWith("ublk-lab: " + args[1]), r.err());
        }
    }

    @Test
    void unwritableTraceLosesNothingAndExitsTwo(@TempDir Path tmp) {
        Result r = run("run", scenarios().resolve("copy/read-basic.json").toString(), "--trace", tmp.resolve("no/such/dir/t.jsonl").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("ublk-lab: cannot write " + tmp.resolve("no/such/dir/t.jsonl") + ": directory "), r.err());
    }

    @Test
    void simSwarmReportsPerInvariant() {
        Result r = run("sim", scenarios().resolve("copy/crash-any-time.json").toString(), "--seeds", "50");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().startsWith("seed=9 seeds=50"), r.out());
        assertTrue(r.out().contains("no-page-after-release"), r.out());
    }

    @Test
    void everyCommandHasHelp() {
        for (String c : new String[] {"run", "sim", "scenarios", "demo", "bench"}) {
            Result r = run(c, "--help");
            assertEquals(0, r.code(), c);
            assertTrue(r.out().contains("Usage: ublk-lab " + c), r.out());
        }
    }

    /** fidelity: bad options in one line, exit 2, before any guest is booted. */
    @Test
    void fidelityRefusesBadOptionsInOneLineWithExit2() {
        for (String[] args : new String[][] {{"fidelity", "--kernel", "6.1"}, {"fidelity", "--scenarios", "0"},
                {"fidelity", "--boot-minutes", "2"}, {"fidelity", "--shrink-rounds", "-1"}, {"fidelity", "--from", "-1"}}) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        }
        assertTrue(run("fidelity", "--boot-minutes", "2").err().contains("--boot-minutes"));
    }

    @Test
    void serveRefusesBadArgumentsInOneLineWithExit2() {
        for (String[] args : new String[][] {{"serve", "--bogus"}, {"serve", "--queues"}, {"serve", "--queues", "x"},
                {"serve", "--target", "file:/no/such/file"}, {"serve", "--mode", "fast"}}) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        }
        if (!java.nio.file.Files.exists(Path.of("/dev/ublk-control"))) {
            Result r = run("serve", "--target", "ram");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("no /dev/ublk-control"), r.err());
            assertFalse(java.nio.file.Files.exists(Path.of("/dev/ublk-control")));
        }
    }

    /** check --all: every violated invariant once, each written as a scenario that replays its violation. */
    @Test
    void checkAllReportsEveryViolationAndWritesEachAsAScenario(@TempDir Path tmp) throws IOException {
        Path sc = tmp.resolve("multi.json");
        Files.writeString(sc, """
                {"config": {"queues": 1, "depth": 1, "variant": "rfc-v1", "sectors": 16},
                 "ios": [{"id": "r1", "op": "READ", "queue": 0, "sector": 0, "bytes": 4096}],
                 "server": {"policy": "adversarial", "budget": 1},
                 "expect": {"violated": ["no-page-after-release", "no-kernel-warn", "no-stale-data-exposed",
                            "every-io-completes"]}, "seed": 1}
                """);
        Path dir = tmp.resolve("cex");
        Result r = run("check", sc.toString(), "--all", "--out", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("summary: violated no-page-after-release (11 steps), no-kernel-warn (7 steps)"), r.out());
        assertTrue(r.out().contains("every-io-completes (10 steps); held tag-exclusive, complete-once, transfer-bounds, "
                + "read-returns-backing-data"), r.out());
        assertTrue(r.out().contains("r1 is untainted"), "the oops, not the adversary's commit, keeps r1 from completing: " + r.out());
        // 1182 since the taint review (per-sector backing marks, a crash excusing what its daemon never had: finer ghost bits)
        assertTrue(r.out().contains("bounds: every reachable state: 1182 distinct states"), r.out());
        try (var files = Files.list(dir)) {
            assertEquals(4, files.count());
        }
        for (String inv : new String[] {"no-page-after-release", "no-kernel-warn", "every-io-completes"}) {
            Result replay = run("run", dir.resolve("multi-" + inv + ".json").toString());
            assertEquals(0, replay.code(), inv + ": " + replay.out());
            assertTrue(replay.out().contains(inv), replay.out());
        }
        Result bad = run("check", sc.toString(), "--all", "--out", "/proc/no/such/dir");
        assertEquals(2, bad.code(), bad.out() + bad.err());
        assertEquals(1, bad.err().lines().count(), bad.err());
    }
}
