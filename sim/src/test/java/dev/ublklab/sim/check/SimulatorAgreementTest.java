package dev.ublklab.sim.check;

import dev.ublklab.trace.Verdict;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Model;
import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Whatever the simulator finds, the checker finds too, with a trace no longer than the
 * simulator's: for every bundled scenario and a few seeds, each violating run's invariant is
 * checked exhaustively. A run's steps are a path to a violating state, so breadth-first search
 * must reach one at that depth or earlier.
 */
class SimulatorAgreementTest {
    @Test
    void theCheckerFindsWhatTheSimulatorFindsNoLater() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(root.resolve("scenarios/copy"))) {
            root = root.getParent();
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(root.resolve("scenarios"))) {
            files = s.filter(p -> p.toString().endsWith(".json") && !p.toString().contains("/bench/")).sorted().toList();
        }
        int compared = 0;
        for (Path f : files) {
            Scenario s = ScenarioCodec.read(f);
            Model m = new Model(s.setup());
            for (long seed = 1; seed <= 3; seed++) {
                Run run = Simulator.of(s).run(Chooser.random(seed), false);
                if (run.invariant() == null || run.verdict() == Verdict.LIMIT) {
                    continue;
                }
                CheckResult r = Checker.check(m, Options.defaults().withInvariants(List.of(run.invariant()))
                        .withMaxStates(200_000).withGraphLimit(0).withMinimise(false));
                String where = f.getFileName() + " seed " + seed + " " + run.invariant();
                int length = switch (r) {
                    case CheckResult.Violated v -> v.shortest().size();
                    case CheckResult.Deadlocked d -> d.shortest().size();
                    case CheckResult.Livelock l -> l.prefix().size();
                    case CheckResult.Passed p -> throw new AssertionError(where + ": the simulator broke it, the checker says it holds");
                    case CheckResult.LimitReached l -> -1;   // too big to finish under the test's bound: not compared
                };
                if (length >= 0) {
                    assertTrue(length <= run.stepCount(), where + ": checker trace " + length + " > simulator's " + run.stepCount());
                    compared++;
                }
            }
        }
        assertTrue(compared >= 10, "compared only " + compared + " violating runs");
    }
}
