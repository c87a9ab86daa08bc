package dev.ublklab.real.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.Model;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.sim.Conformance;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fidelity campaign's 6.12 divergence d00 (a user-copy crash on queue 1; afterwards READs return 0,
 * WRITEs -ENOSPC and FLUSHes -EIO without reaching ublk, on either queue) is a behaviour of the model at
 * the guests' versions since del_gendisk's dead disk is modelled (model DelGendisk, nosrv-stops-dev),
 * and was none of the simplified kernel's.
 */
class DeadDiskTraceTest {
    private static final String D00 = "d00-complete-io-result-0-model-fetch-q-tag-READ-sector-bytes";

    @Test
    void theSixTwelveRecordingAfterACrashConforms() throws Exception {
        Path dir = Bundled.root().resolve("scenarios/divergences/6.12");
        Scenario s = ScenarioCodec.read(dir.resolve(D00 + ".scenario"));
        DataPath path = RealPlan.dataPath("user-copy");
        RealPlan plan = RealPlan.of(Replay.setupFor(s, path), path, true);
        RealTrace t = RealTrace.read(plan.setup(), Files.readString(dir.resolve(D00 + ".trace.jsonl")), 0);
        for (String release : new String[] {"6.12.118+deb12-amd64", "7.3.4+deb13-amd64"}) {
            GuestKernel k = GuestKernel.choose(release, null);
            Conformance.Match c = Conformance.check(new Model(k.judgeSetup(plan.setup())), t.observations(), 2_000_000);
            assertTrue(c.conforms(), release + ": " + c.reason());
        }
        Conformance.Match simplified = Conformance.check(new Model(GuestKernel.choose("6.12.118+deb12-amd64", KernelVersion.SIMPLIFIED)
            .judgeSetup(plan.setup())), t.observations(), 2_000_000);
        assertFalse(simplified.conforms(), "without the dead disk: " + simplified.reason());
    }
}
