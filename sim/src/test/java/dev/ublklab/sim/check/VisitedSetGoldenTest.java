package dev.ublklab.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Model;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker's results did not change when its visited set moved off the heap
 * ({@link OffHeapFpSet}), nor do they with a packed frontier: check-goldens.txt was written by the checker with the on-heap
 * {@link FpSet} (commit f51f443) and holds, for every bundled and bench scenario and 1 and 2
 * workers, the verdict, distinct states, transitions, depth and the shortest and minimised
 * counterexample schedules. Searches stop at {@link #LIMIT} states so that the test stays short
 * (the bench scenarios' full counts are compared by {@code ublk-lab bench check}).
 * Rewritten (by {@link #main}) after the taint rule (crash-fault and adversarial scenarios: IOs a
 * fault or an accepted adversary action ended no longer break every-io-completes) and the
 * blk_status errno mapping (a COMMIT error outside blk_errors[] reaches the client as -EIO)
 * changed verdicts; every other line stayed as the on-heap set wrote it.
 * The lines of the lifecycle scenarios (scenarios/mainline-6.1x, bench/check-lifecycle-*) were
 * added by the off-heap checker (no earlier line changed then). The fault-injection scenarios'
 * lines (scenarios/faults/) were added by {@link #main} with fault injection; no
 * earlier line changed. The taint review (backing marks per sector, a crash excusing the IOs its
 * daemon never saw) changed three distinct-state counts (copy/crash-any-time, zero-copy/crash-with-
 * registered-buffer-abort-waits, user-copy/early-commit-during-copy-defers-completion: the finer ghost
 * bits tell more states apart), no verdict and no schedule.
 */
class VisitedSetGoldenTest {
    static final long LIMIT = 10_000;

    /** One golden line: everything about a result that must not depend on the visited set. */
    static String describe(String name, int workers, CheckResult r) {
        Stats s = r.stats();
        String schedules = switch (r) {
            case CheckResult.Violated v -> v.shortest().schedule() + " " + v.minimised().schedule();
            case CheckResult.Deadlocked d -> d.shortest().schedule() + " " + d.minimised().schedule();
            case CheckResult.Livelock l -> l.prefix().schedule() + " " + l.cycle().schedule();
            case CheckResult.Passed p -> "-";
            case CheckResult.LimitReached l -> "-";
        };
        return name + " workers=" + workers + " | " + r.headline() + " | distinct=" + s.distinct() + " transitions="
                + s.transitions() + " depth=" + s.depth() + " | " + schedules;
    }

    static List<String> lines() throws IOException, ScenarioException {
        return lines(false);
    }

    static List<String> lines(boolean packed) throws IOException, ScenarioException {
        List<String> out = new ArrayList<>();
        for (Path f : StateCodecTest.allScenarios()) {
            Model m = new Model(ScenarioCodec.read(f).setup());
            String name = f.getParent().getFileName() + "/" + f.getFileName();
            for (int workers : new int[] {1, 2}) {
                Options o = Options.defaults().withMaxStates(LIMIT).withWorkers(workers).withPackedFrontier(packed);
                out.add(describe(name, workers, Checker.check(m, o)));
            }
        }
        return out;
    }

    @Test
    void theSameResultsAsTheOnHeapSet() throws IOException, ScenarioException {
        compare(lines(false));
    }

    /** The frontier as packed vectors ({@link PackedFrontier}, decoded by workers) changes nothing either. */
    @Test
    void theSameResultsWithAPackedFrontier() throws IOException, ScenarioException {
        compare(lines(true));
    }

    private static void compare(List<String> actual) throws IOException {
        List<String> expected;
        try (InputStream in = VisitedSetGoldenTest.class.getResourceAsStream("check-goldens.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertTrue(actual.size() >= 100, actual.size() + " results");
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            assertEquals(i < expected.size() ? expected.get(i) : "(none)", i < actual.size() ? actual.get(i) : "(none)");
        }
    }

    /** Writes the goldens (run by hand with the checker whose results they fix). */
    public static void main(String[] args) throws Exception {
        java.nio.file.Files.write(Path.of(args[0]), lines());
    }
}
