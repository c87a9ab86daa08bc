package dev.ublklab.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Invariants;
import dev.ublklab.model.Model;
import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioException;
import dev.ublklab.sim.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The exhaustive checker agrees with every bundled copy scenario's expect: the invariants it
 * says hold are never broken (up to a state limit that keeps the test short), and each one it
 * says is violated is found violated, with a schedule that replays to the failure, in the model
 * and in the simulator.
 */
class BundledScenariosCheckTest {
    private static final long LIMIT = 20_000;

    private static List<Path> scenarios() throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("scenarios/copy"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no scenarios/copy above " + Path.of("").toAbsolutePath());
        }
        try (Stream<Path> s = Files.list(p.resolve("scenarios/copy"))) {
            return s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void checkerMeetsEveryBundledExpectation() throws IOException, ScenarioException {
        int n = 0;
        for (Path file : scenarios()) {
            Scenario s = ScenarioCodec.read(file);
            Model m = new Model(s.setup());
            Options base = Options.defaults().withMaxStates(LIMIT).withGraphLimit((int) LIMIT);
            if (!s.expect().hold().isEmpty()) {
                Result r = Checker.check(m, base.withInvariants(s.expect().hold()));
                assertTrue(r instanceof Result.Passed || r instanceof Result.LimitReached, file + ": " + r.headline());
            }
            for (String inv : s.expect().violated()) {
                Result r = Checker.check(m, base.withInvariants(List.of(inv)));
                Trace t = switch (r) {
                    case Result.Violated v -> {
                        assertEquals(inv, v.invariant(), file.toString());
                        yield v.shortest();
                    }
                    case Result.Deadlocked d -> {
                        assertEquals(Invariants.EVERY_IO_COMPLETES, inv, file.toString());
                        yield d.shortest();
                    }
                    case Result.Livelock l -> {
                        assertEquals(Invariants.EVERY_IO_COMPLETES, inv, file.toString());
                        yield l.prefix();
                    }
                    case Result.Passed p -> throw new AssertionError(file + ": expected " + inv + " violated; passed");
                    case Result.LimitReached l -> throw new AssertionError(file + ": expected " + inv + " violated; " + l.headline());
                };
                assertEquals(t, TraceMinimizer.run(m, t.schedule()), file + ": the schedule replays the trace");
                if (!(r instanceof Result.Livelock)) {
                    Run run = new Simulator(m, List.of(inv), 10_000).run(Chooser.replay(t.schedule()), false);
                    assertEquals(inv, run.invariant(), file + ": the simulator replays the counterexample to the same failure");
                    assertEquals(r instanceof Result.Deadlocked ? Run.Verdict.DEADLOCKED : Run.Verdict.VIOLATED, run.verdict());
                }
            }
            n++;
        }
        assertTrue(n >= 8, "at least 8 copy scenarios, found " + n);
    }
}
