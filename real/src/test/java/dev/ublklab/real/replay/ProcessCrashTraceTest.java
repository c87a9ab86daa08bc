package dev.ublklab.real.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Model;
import dev.ublklab.model.Setup;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.sim.Conformance;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fidelity campaign's 6.12 recording p00 (scenario 0 of seed 20261204, 2 queues): a crash plan on
 * queue 1 halts the real server's process, so queue 0's daemon dies too and the io1 it held fails -EIO
 * without a commit. Judged with every other queue's daemon allowed to die ({@link GuestKernel#judgeSetup}),
 * the trace conforms; with the crash on queue 1 alone (the model's crash action) it does not.
 */
class ProcessCrashTraceTest {
    private static final String P00 = "p00-process-crash-kills-every-queue";

    @Test
    void aCrashPlanKillsEveryQueuesDaemon() throws Exception {
        Bundled.Saved saved = Bundled.recording("6.12", P00, "user-copy");
        RealPlan plan = saved.plan();
        RealTrace t = saved.trace();
        GuestKernel k = GuestKernel.choose("6.12.118+deb12-amd64", null);
        Setup judged = k.judgeSetup(plan.setup());
        assertEquals(List.of(0), judged.crashes(), "queue 0 may die with the process; queue 1 dies by its plan");
        Conformance.Match c = Conformance.check(new Model(judged), t.observations(), 2_000_000);
        assertTrue(c.conforms(), c.reason());
        Setup perQueue = new Setup(judged.config(), judged.ios(), judged.server(), List.of(), judged.inOrder(), judged.lifecycle());
        Conformance.Match alone = Conformance.check(new Model(perQueue), t.observations(), 2_000_000);
        assertFalse(alone.conforms(), "queue 1's daemon alone cannot fail io1 on queue 0");
        assertTrue(alone.reason().contains("complete io1 result=-5"), alone.reason());
    }

    @Test
    void withoutACrashPlanNothingMayDie() throws Exception {
        Scenario s = ScenarioCodec.read(Bundled.root().resolve("scenarios/copy/two-queues.json"));
        DataPath path = RealPlan.dataPath("copy");
        Setup judged = GuestKernel.choose("6.12.118+deb12-amd64", null).judgeSetup(RealPlan.of(Replay.setupFor(s, path), path, true).setup());
        assertEquals(List.of(), judged.crashes());
    }
}
