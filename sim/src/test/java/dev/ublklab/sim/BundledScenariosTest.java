package dev.ublklab.sim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every bundled scenario meets its expect: its own run (or recorded schedule) and a seed swarm. */
class BundledScenariosTest {
    @Test
    void everyBundledScenarioMeetsItsExpectation() throws IOException {
        int n = 0;
        for (Path p : Bundled.all()) {
            if (p.toString().contains("/bench/")) {
                continue;
            }
            Scenario s = Bundled.load(p);
            assertFalse(s.description().isBlank(), p + " has no description");
            Run r = Simulator.of(s).run(s.schedule() != null ? Chooser.replay(s.schedule()) : Chooser.random(s.seed()), false);
            Judge.Verdict one = Judge.run(s.expect(), r);
            assertTrue(one.met(), p + ": " + one.reason());
            Swarm.Result sw = Swarm.run(s, 1, 100, d -> { });
            Judge.Verdict many = Judge.swarm(Judge.swarmExpectation(s), sw.tallies(), sw.limits());
            assertTrue(many.met(), p + ": " + many.reason());
            n++;
        }
        assertTrue(n >= 8, "at least 8 bundled scenarios, found " + n);
    }
}
