package dev.ublklab.real.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.Model;
import dev.ublklab.sim.Conformance;
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
        Bundled.Saved saved = Bundled.recording("6.12", D00, "user-copy");
        RealPlan plan = saved.plan();
        RealTrace t = saved.trace();
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
