package dev.ublklab.real.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Setup;
import dev.ublklab.real.sys.Uapi;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.DeviceConfig;
import dev.ublklab.real.ublk.Request;
import dev.ublklab.real.ublk.Handling;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scenario → device config and server decisions, and every refusal, without a kernel. */
class RealPlanTest {
    private static RealPlan plan(String name, DataPath p) {
        return RealPlan.of(Bundled.load(name).setup(), p, false);
    }

    private static Request rq(int op, long sector, int bytes) {
        return new Request(0, 0, op, 0, sector, bytes >> 9);
    }

    @Test
    void deviceConfigAndTargetComeFromTheScenarioConfig() {
        RealPlan two = plan("copy/two-queues", DataPath.USER_COPY);
        assertEquals(new DeviceConfig(2, 2, 524288, DataPath.USER_COPY), two.device());
        assertEquals(((long) two.setup().config().sectors() * 512 + 4095) & ~4095L, two.targetBytes());
        assertEquals(new DeviceConfig(1, 3, 524288, DataPath.COPY), plan("copy/reverse-order", DataPath.COPY).device());
    }

    @Test
    void scriptPlansBecomeVerdicts() {
        RealPlan err = plan("copy/commit-error", DataPath.COPY);
        // [transfer, commit -5]: the data moves first (zero copy observes its register/unregister)
        assertEquals(new Handling.ServeThenFail(5), err.decisions().get(0).handling(rq(Uapi.UBLK_IO_OP_READ, 0, 4096)));
        assertEquals(Handling.SERVE, err.decisions().get(1).handling(rq(Uapi.UBLK_IO_OP_WRITE, 8, 4096)));
        RealPlan shortCommit = plan("copy/short-commit-requeue", DataPath.COPY);
        RealPlan.Decision d = shortCommit.decisions().get(0);
        assertEquals(new Handling.Partial(4096), d.handling(rq(Uapi.UBLK_IO_OP_WRITE, 0, 8192)));
        assertEquals(Handling.SERVE, d.handling(rq(Uapi.UBLK_IO_OP_WRITE, 8, 4096)), "the requeued rest restarts the plan");
        RealPlan rev = plan("copy/reverse-order", DataPath.COPY);
        assertEquals(List.of("w2"), rev.decisions().get(0).waitFor());
        assertEquals(List.of("w3"), rev.decisions().get(1).waitFor());
        assertEquals(RealPlan.Decision.CORRECT, rev.decisions().get(2));
    }

    @Test
    void notesSayWhatIsReproducedOnlyInPart() {
        assertTrue(plan("copy/mixed-reorder", DataPath.COPY).notes().stream().anyMatch(n -> n.startsWith("chunk 2048")));
        assertTrue(plan("copy/mixed-reorder", DataPath.COPY).notes().stream().anyMatch(n -> n.startsWith("submit any")));
        assertTrue(plan("copy/crash-any-time", DataPath.COPY).notes().stream().anyMatch(n -> n.startsWith("faults.crash")));
        assertTrue(plan("copy/tag-exhaustion-depth2", DataPath.COPY).notes().stream().anyMatch(n -> n.contains("roundRobin")));
    }

    @Test
    void whatTheRealServerCannotExpressIsRefusedWithAReason() {
        assertRefused("copy/read-result-too-large", "exceeds the request's 4096 bytes");
        assertRefused("copy/crash-during-io", "crash");
        assertRefused("copy/zero-commit-livelock", "livelock");
        assertRefused("rfc-v1/crash-mid-read-splice-consumer-writes-released-page", "crash");
        assertRefused("rfc-v1/early-commit-mid-splice-writes-released-page", "adversarial");
        Setup correct = Bundled.load("rfc-v1/chunked-splice-cqe-exceeds-sqe-len").setup();
        RealPlan onUserCopy = RealPlan.of(correct.withVariant(dev.ublklab.model.Variant.USER_COPY), DataPath.USER_COPY, false);
        assertEquals(dev.ublklab.model.Variant.USER_COPY, onUserCopy.setup().config().variant(), "judged against the user-copy model");
    }

    /** The real server moves exactly what it commits: a short commit needs a transfer of that len. */
    @Test
    void aShortCommitNeedsATransferOfThatLen() {
        assertRefusedText("""
            {"config":{"variant":"copy","queues":1,"depth":1},"ios":[{"id":"w1","op":"WRITE","queue":0,"sector":0,"bytes":8192}],
             "server":{"policy":"script","plans":{"w1":[{"do":"transfer"},{"do":"commit","result":4096}]}}}
            """, "after a whole transfer: the real server moves only what it commits; write {\"do\": \"transfer\", \"len\": 4096}");
        assertRefusedText("""
            {"config":{"variant":"copy","queues":1,"depth":1},"ios":[{"id":"w1","op":"WRITE","queue":0,"sector":0,"bytes":8192}],
             "server":{"policy":"script","plans":{"w1":[{"do":"transfer","len":4096},{"do":"commit","result":2048}]}}}
            """, "commit 2048 after a transfer of 4096 bytes");
        RealPlan p = plan("copy/short-write-ends-whole-on-7.3", DataPath.COPY);
        assertEquals(new Handling.Partial(4096), p.decisions().get(0).handling(rq(Uapi.UBLK_IO_OP_WRITE, 0, 8192)));
    }

    @Test
    void modelOnlyVariantsSuggestUserCopy() {
        Unexpressible e = assertThrows(Unexpressible.class, () -> RealPlan.dataPath("rfc-v1"));
        assertTrue(e.getMessage().contains("exists only in the model") && e.getMessage().contains("--variant user-copy"), e.getMessage());
        assertThrows(Unexpressible.class, () -> RealPlan.dataPath("rfc-fixed"));
        assertTrue(assertThrows(Unexpressible.class, () -> RealPlan.dataPath("nope")).getMessage().contains("unknown variant"));
        assertEquals(DataPath.ZERO_COPY, RealPlan.dataPath("zero-copy"));
    }

    @Test
    void discardAndUnsatisfiableWaitsAreRefused() {
        assertRefusedText("""
            {"config":{"variant":"copy","queues":1,"depth":1},"ios":[{"id":"d1","op":"DISCARD","queue":0,"sector":0,"bytes":4096}]}
            """, "DISCARD");
        assertRefusedText("""
            {"config":{"variant":"copy","queues":2,"depth":2},
             "ios":[{"id":"w1","op":"WRITE","queue":0,"sector":0,"bytes":4096},{"id":"w2","op":"WRITE","queue":1,"sector":8,"bytes":4096}],
             "server":{"policy":"script","plans":{"w1":[{"do":"transfer"},{"do":"waitFor","io":"w2"},{"do":"commit"}]}}}
            """, "another queue");
        assertRefusedText("""
            {"config":{"variant":"copy","queues":1,"depth":1},
             "ios":[{"id":"w1","op":"WRITE","queue":0,"sector":0,"bytes":4096},{"id":"w2","op":"WRITE","queue":0,"sector":8,"bytes":4096}],
             "server":{"policy":"script","plans":{"w1":[{"do":"transfer"},{"do":"waitFor","io":"w2"},{"do":"commit"}]}}}
            """, "more requests than depth");
        assertRefusedText("""
            {"config":{"variant":"copy","queues":1,"depth":2},
             "ios":[{"id":"w1","op":"WRITE","queue":0,"sector":0,"bytes":4096},{"id":"w2","op":"WRITE","queue":0,"sector":8,"bytes":4096,"after":"w1"}],
             "server":{"policy":"script","plans":{"w1":[{"do":"transfer"},{"do":"waitFor","io":"w2"},{"do":"commit"}]}}}
            """, "cannot complete before w1");
        assertRefusedText("""
            {"config":{"variant":"copy","queues":1,"depth":1},"ios":[{"id":"w1","op":"WRITE","queue":0,"sector":0,"bytes":4096}],
             "server":{"policy":"script","plans":{"w1":[{"do":"transfer"}]}}}
            """, "never commits");
    }

    @Test
    void everyBundledCopyScenarioIsPlannedOrRefusedWithAMessage() {
        int planned = 0;
        for (Path f : Bundled.all("copy")) {
            Setup s = read(f).setup();
            for (DataPath p : List.of(DataPath.COPY, DataPath.USER_COPY)) {
                try {
                    RealPlan.of(s.withVariant(Replay.variant(p)), p, false);
                    planned++;
                } catch (Unexpressible e) {
                    assertTrue(!e.getMessage().isBlank() && e.getStackTrace().length == 0, f + ": " + e.getMessage());
                }
            }
        }
        assertEquals(26, planned, "13 of the 16 copy scenarios, on two data paths");
    }

    private static Scenario read(Path f) {
        try {
            return ScenarioCodec.read(f);
        } catch (dev.ublklab.sim.ScenarioException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static void assertRefused(String name, String words) {
        Unexpressible e = assertThrows(Unexpressible.class, () -> plan(name, DataPath.COPY));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    private static void assertRefusedText(String json, String words) {
        Unexpressible e = assertThrows(Unexpressible.class, () -> RealPlan.of(parse(json).setup(), DataPath.COPY, false));
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    static Scenario parse(String json) {
        try {
            return ScenarioCodec.parse(json, "test.json");
        } catch (dev.ublklab.sim.ScenarioException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    @Test
    void zeroCopyCrashPlansAreRefusedWithTheReason() {
        Unexpressible e = assertThrows(Unexpressible.class, () -> RealPlan.of(
            Bundled.load("copy/crash-during-io").setup().withVariant(dev.ublklab.model.Variant.ZERO_COPY), DataPath.ZERO_COPY, true));
        assertTrue(e.getMessage().contains("REGISTER_IO_BUF/UNREGISTER_IO_BUF CQEs"), e.getMessage());
        Unexpressible z = assertThrows(Unexpressible.class, () -> RealPlan.of(
            Bundled.load("zero-copy/wrong-direction-fails-efault").setup(), DataPath.ZERO_COPY, false));
        assertTrue(z.getMessage().startsWith("server.plans.r1: register with explicit slots/offsets"), z.getMessage());
    }
}
