package dev.ublklab.real.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ublklab.real.ublk.Control;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every bundled scenario under scenarios/copy that the real server can express, replayed on the
 * guest's kernel with copy, user-copy and (where the kernel has UBLK_F_SUPPORT_ZERO_COPY, else the
 * test is skipped as unexpressible) zero-copy, and those under scenarios/zero-copy with zero-copy:
 * the trace must be a behaviour of the model with that variant and the scenario's expectation met. Needs /dev/ublk-control: run in the VM with
 * {@code real/vm/run-real-tests.sh --select-class dev.ublklab.real.replay.ReplayGuestTest}.
 */
class ReplayGuestTest {
    @TestFactory
    Stream<DynamicTest> everyExpressibleCopyScenarioConforms() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : Bundled.all("copy")) {
            Scenario s = ScenarioCodec.read(f);
            for (String v : List.of("copy", "user-copy", "zero-copy")) {
                tests.add(DynamicTest.dynamicTest(s.name() + " " + v, () -> replay(s, v)));
            }
        }
        for (Path f : Bundled.all("zero-copy")) {
            Scenario s = ScenarioCodec.read(f);
            tests.add(DynamicTest.dynamicTest("zero-copy/" + s.name(), () -> replay(s, "zero-copy")));
        }
        return tests.stream();
    }

    private static void replay(Scenario s, String variant) throws InterruptedException {
        assumeTrue(Control.available(), "no /dev/ublk-control (run in the VM: real/vm/run-real-tests.sh)");
        // a scenario written for one kernel version expects that version's behaviour: judged only on its own kernel
        dev.ublklab.model.KernelVersion named = s.setup().config().kernel();
        dev.ublklab.model.KernelVersion guest = GuestKernel.choose(System.getProperty("os.version"), GuestKernel.fromEnv()).version();
        assumeTrue(named == dev.ublklab.model.KernelVersion.SIMPLIFIED || named == guest,
            "the scenario is for kernel " + named.id() + "; this guest is " + guest.id());
        Replay.Report r;
        try {
            r = Replay.judge(Replay.record(s, RealPlan.dataPath(variant), line -> { }), GuestKernel.fromEnv());
        } catch (Unexpressible e) {
            assumeTrue(false, "not expressible by the real server: " + e.getMessage());
            return;
        }
        Replay.describe(r).forEach(l -> System.out.println("  " + l));
        assertTrue(r.expectation().met(), r.expectation().reason());
        // crash-during-io: after the daemon's death del_gendisk marks the disk dead, and a WRITE without a
        // request fails -ENOSPC in blkdev_write_iter (a READ returns 0): the model has that path (DelGendisk),
        // so the replay is judged by conformance like every other.
        assertTrue(r.conformance().conforms(), r.conformance().reason());
        assertEquals(0, r.exitCode());
    }
}
