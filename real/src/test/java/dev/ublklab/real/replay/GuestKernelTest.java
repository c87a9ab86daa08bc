package dev.ublklab.real.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import org.junit.jupiter.api.Test;

/** A real run is judged against its own kernel's version; an unknown kernel is refused in one line. */
class GuestKernelTest {
    @Test
    void theGuestsReleasesSelectTheirVersions() {
        assertEquals(KernelVersion.V6_12, GuestKernel.choose("6.12.118+deb12-amd64", null).version());
        assertEquals(KernelVersion.V6_12, GuestKernel.choose("6.12.117+deb12-amd64", null).version());
        assertEquals(KernelVersion.V7_3, GuestKernel.choose("7.3.4+deb13-amd64", null).version());
        assertEquals(KernelVersion.V6_16, GuestKernel.choose("6.16.0", null).version());
        assertEquals("kernel 7.3 (chosen from uname -r 7.3.4+deb13-amd64)", GuestKernel.choose("7.3.4+deb13-amd64", null).describe());
    }

    @Test
    void anExplicitVersionWinsAndSaysSo() {
        GuestKernel k = GuestKernel.choose("6.18.44", KernelVersion.V6_16);
        assertEquals(KernelVersion.V6_16, k.version());
        assertEquals("kernel 6.16 (--kernel)", k.describe());
    }

    @Test
    void anUnknownKernelIsRefusedNamingTheNearestVersionAndTheOption() {
        Unexpressible e = assertThrows(Unexpressible.class, () -> GuestKernel.choose("6.18.44", null));
        assertEquals("the model has no version for kernel 6.18.44 (it knows " + KernelVersion.names()
            + "); the nearest is 6.16: pass --kernel 6.16 to judge this run against it", e.getMessage());
        assertTrue(GuestKernel.choose("7.2.12+bpo-amd64", KernelVersion.V7_3).explicit());
        assertEquals(KernelVersion.V7_3, GuestKernel.nearest("7.2.12+bpo-amd64"));
        assertEquals(KernelVersion.V6_12, GuestKernel.nearest("6.11.2"));
        assertEquals(KernelVersion.V6_1, GuestKernel.nearest("5.19.0"));
        assertNull(GuestKernel.forRelease("not-a-release"));
        Unexpressible odd = assertThrows(Unexpressible.class, () -> GuestKernel.choose("not-a-release", null));
        assertEquals("the model has no version for kernel not-a-release (it knows " + KernelVersion.names() + ")", odd.getMessage());
    }

    @Test
    void theJudgedSetupHasTheVersionAndAnyTagAndRefusesAMissingDataPath() {
        var plan = RealPlan.of(Bundled.load("copy/tag-exhaustion-depth2").setup(), dev.ublklab.real.ublk.DataPath.COPY, true);
        var s = GuestKernel.choose("7.3.4+deb13-amd64", null).judgeSetup(plan.setup());
        assertEquals(KernelVersion.V7_3, s.config().kernel());
        assertEquals(TagPolicy.ANY, s.config().tagPolicy(), "the kernel's sbitmap may pick any free tag");
        var zc = RealPlan.of(Bundled.load("zero-copy/read-write-basic").setup(), dev.ublklab.real.ublk.DataPath.ZERO_COPY, true);
        Unexpressible e = assertThrows(Unexpressible.class,
            () -> GuestKernel.choose("6.12.118+deb12-amd64", null).judgeSetup(zc.setup()));
        assertTrue(e.getMessage().startsWith("kernel 6.12 has no " + Variant.ZERO_COPY.id() + " data path"), e.getMessage());
    }
}
