package dev.ublklab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.Model;
import dev.ublklab.model.Setup;
import dev.ublklab.trace.Observation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * After a daemon's death on 6.12 and 7.3, del_gendisk marks the disk dead (model DelGendisk, switch
 * nosrv-stops-dev): a WRITE that has no request yet fails -ENOSPC before ublk, a READ returns 0, as
 * the guests showed in crash-during-io; and the model's -EIO in queue_rq stays a behaviour too.
 */
class DeadDiskConformanceTest {
    private static Setup at(KernelVersion k) throws Exception {
        Setup s = Bundled.load(Bundled.root().resolve("copy/crash-during-io.json")).setup();
        return s.withConfig(s.config().withKernel(k));
    }

    private static List<Observation> crashThenWrite(long w1) {
        return List.of(Observation.submit("r1"), Observation.fetch(0, 0, "READ", 0, 4096), Observation.complete("r1", -5),
            Observation.submit("w1"), Observation.complete("w1", w1));
    }

    @Test
    void aWriteAfterTheCrashMayFailWithEnospcOnTheGuestVersions() throws Exception {
        for (KernelVersion k : List.of(KernelVersion.V6_12, KernelVersion.V7_3, KernelVersion.V7_3_FIXED)) {
            Model m = new Model(at(k));
            assertTrue(Conformance.check(m, crashThenWrite(-28), 200_000).conforms(), k.id() + ": -ENOSPC");
            assertTrue(Conformance.check(m, crashThenWrite(-5), 200_000).conforms(), k.id() + ": -EIO in queue_rq");
            assertFalse(Conformance.check(m, crashThenWrite(4096), 200_000).conforms(), k.id() + ": no success");
        }
        Conformance.Match simplified = Conformance.check(new Model(at(KernelVersion.SIMPLIFIED)), crashThenWrite(-28), 200_000);
        assertFalse(simplified.conforms(), "the simplified kernel has no stop after a crash");
        assertEquals(4, simplified.failedAt());
    }

    @Test
    void aStopIsAnEventOnlyAfterACrash() throws Exception {
        Model m = new Model(at(KernelVersion.V6_12));
        assertFalse(m.enabled(m.initial()).stream().anyMatch(e -> e.type().equals("control")));
        Run r = Simulator.of(Bundled.load(Bundled.root().resolve("copy/crash-during-io.json"))).run(Chooser.random(3), true);
        assertFalse(r.steps().stream().anyMatch(st -> st.event().type().equals("control") || st.event().type().equals("deadDisk")),
            "the scenario's own (simplified) kernel never stops the device");
    }

    @Test
    void randomRunsAtSixTwelveStopTheDeviceAndKeepTheScenarioVerdict() throws Exception {
        Scenario sc = Bundled.load(Bundled.root().resolve("copy/crash-during-io.json"));
        Model m = new Model(at(KernelVersion.V6_12));
        Simulator sim = new Simulator(m, sc.expect().hold(), 1000);
        int stopped = 0, enospc = 0;
        for (long seed = 1; seed <= 60; seed++) {
            Run r = sim.run(Chooser.random(seed), true);
            assertTrue(r.verdict() != dev.ublklab.trace.Verdict.VIOLATED, "seed " + seed + ": " + r.explanation());
            stopped += r.steps().stream().anyMatch(st -> st.event().type().equals("control")) ? 1 : 0;
            List<Observation> obs = Conformance.observe(m, r.steps());
            enospc += obs.contains(Observation.complete("w1", -28)) ? 1 : 0;
            assertTrue(Conformance.check(m, obs, 200_000).conforms(), "seed " + seed);
        }
        assertTrue(stopped > 0 && enospc > 0, "stopped " + stopped + ", -ENOSPC " + enospc);
    }
}
