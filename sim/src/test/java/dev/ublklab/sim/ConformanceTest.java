package dev.ublklab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Model;
import java.nio.file.Path;
import dev.ublklab.trace.Observation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conformance accepts every behaviour of the model and names the first event it cannot explain. */
class ConformanceTest {
    @Test
    void everySimulatedRunConforms() throws Exception {
        for (Path p : Bundled.all()) {
            if (p.toString().contains("/bench/")) continue;
            Scenario s = Bundled.load(p);
            Model m = new Model(s.setup());
            for (long seed = 1; seed <= 2; seed++) {
                Run r = Simulator.of(s).run(Chooser.random(seed), true);
                List<Observation> obs = Conformance.observe(m, r.steps());
                Conformance.Match c = Conformance.check(m, obs, 200_000);
                assertTrue(c.conforms(), p + " seed " + seed + ": " + c.reason());
            }
        }
    }

    @Test
    void aCompletionMayBeReapedLaterThanTheCommit() throws Exception {
        Scenario s = Bundled.load(Bundled.root().resolve("copy/tag-exhaustion-depth1.json"));
        Model m = new Model(s.setup());
        Run r = Simulator.of(s).run(Chooser.random(1), true);
        List<Observation> obs = new ArrayList<>(Conformance.observe(m, r.steps()));
        // Move the first completion to the very end, as a slow client would reap it.
        int first = -1;
        for (int i = 0; i < obs.size(); i++) if (obs.get(i) instanceof Observation.Complete) { first = i; break; }
        obs.add(obs.remove(first));
        assertTrue(Conformance.check(m, obs, 200_000).conforms());
    }

    @Test
    void aWrongResultIsTheFirstUnexplainedEvent() throws Exception {
        Scenario s = Bundled.load(Bundled.root().resolve("copy/read-basic.json"));
        Model m = new Model(s.setup());
        Run r = Simulator.of(s).run(Chooser.random(1), true);
        List<Observation> obs = new ArrayList<>(Conformance.observe(m, r.steps()));
        int commit = -1;
        for (int i = 0; i < obs.size(); i++) if (obs.get(i) instanceof Observation.Commit) commit = i;
        obs.set(commit, Observation.commit(0, 0, 512));
        Conformance.Match c = Conformance.check(m, obs, 200_000);
        assertFalse(c.conforms());
        assertEquals(commit, c.failedAt());
        assertEquals("the model cannot explain observation " + (commit + 1) + ": commit q0 tag0 result=512", c.reason());
    }
}
