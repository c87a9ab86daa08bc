package dev.ublklab.sim;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every bundled scenario meets its expect: its own run (or recorded schedule) and a seed swarm (the checker where runs never end). */
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
            Judge.ScenarioJudgement r = Judge.scenario(s, 1, 100);
            assertTrue(r.one().met(), p + ": " + r.one().reason());
            assertTrue(r.swarm().met(), p + ": " + r.swarm().reason());
            n++;
        }
        assertTrue(n >= 8, "at least 8 bundled scenarios, found " + n);
    }
}
