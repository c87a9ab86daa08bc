package dev.ublklab.real.fidelity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Model;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Conformance;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioWriter;
import dev.ublklab.sim.Simulator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The campaign's host half: generation, refusals, the witness and the shrinker (no guest). */
class CampaignTest {
    @Test
    void sameSeedSameScenariosAndScenarioIDoesNotDependOnN() {
        List<Scenario> a = Campaign.scenarios(7, 50, Target.K73), b = Campaign.scenarios(7, 20, Target.K73);
        for (int i = 0; i < 20; i++) assertEquals(ScenarioWriter.write(a.get(i)), ScenarioWriter.write(b.get(i)));
        List<Scenario> tail = Campaign.scenarios(7, 30, 20, Target.K73);
        for (int i = 0; i < 20; i++) assertEquals(ScenarioWriter.write(a.get(30 + i)), ScenarioWriter.write(tail.get(i)), "--from 30");
        assertNotEquals(ScenarioWriter.write(a.get(0)), ScenarioWriter.write(Campaign.scenarios(8, 1, Target.K73).get(0)));
    }

    /** The generator reaches every width the issue lists, and most scenarios are expressible. */
    @Test
    void wideScenariosCoverTheWidthsAndAreMostlyExpressible() {
        Map<String, Integer> seen = new TreeMap<>();
        int refused = 0;
        List<Scenario> all = Campaign.scenarios(1, 400, Target.K73);
        for (Scenario s : all) {
            var c = s.setup().config();
            seen.merge("queues" + c.queues(), 1, Integer::sum);
            seen.merge("depth" + c.depth(), 1, Integer::sum);
            seen.merge("variant-" + c.variant().id(), 1, Integer::sum);
            if (!s.setup().inOrder()) seen.merge("any", 1, Integer::sum);
            if (s.setup().server() instanceof ServerSpec.Script sc) {
                sc.plans().stream().filter(p -> p != null).flatMap(List::stream).forEach(a -> seen.merge(a.kind(), 1, Integer::sum));
            }
            s.setup().ios().forEach(io -> {
                seen.merge(io.op().name(), 1, Integer::sum);
                if (io.after() != null) seen.merge("after", 1, Integer::sum);
                if (io.segments().stream().anyMatch(g -> g.offset() % 4096 != 0 || g.len() % 4096 != 0)) seen.merge("subpage", 1, Integer::sum);
                if (io.bytes() > 65536) seen.merge("big", 1, Integer::sum);
            });
            seen.merge("ios" + s.setup().ios().size(), 1, Integer::sum);
            if (Campaign.refusal(s) != null) refused++;
            // re-reading the written scenario gives the same scenario (the guest reads the files)
            assertEquals(ScenarioWriter.write(s), ScenarioWriter.write(parse(ScenarioWriter.write(s))));
        }
        for (String k : List.of("queues1", "queues4", "depth1", "depth8", "ios1", "READ", "WRITE", "FLUSH", "after", "any",
            "subpage", "big", "crash", "waitFor", "commit", "transfer", "variant-zero-copy", "variant-copy", "variant-user-copy")) {
            assertTrue(seen.containsKey(k), k + " never drawn: " + seen);
        }
        assertTrue(seen.containsKey("ios15") || seen.containsKey("ios16"), "no scenario near 16 IOs: " + seen);
        assertFalse(seen.containsKey(ReqOp.DISCARD.name()));
        assertTrue(refused < all.size() / 3, refused + " of " + all.size() + " refused");
    }

    private static Scenario parse(String text) {
        try {
            return ScenarioCodec.parse(text, "x.json");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A model run's own observations conform, and the witness shows them again in order. */
    @Test
    void witnessOfAModelRunShowsItsObservations() {
        int checked = 0;
        for (Scenario s : Campaign.scenarios(3, 40, Target.K612)) {
            if (s.setup().ios().size() > 4) continue;
            Model m = new Model(s.setup());
            Run r = Simulator.of(s).run(Chooser.random(s.seed()), true);
            var obs = Conformance.observe(m, r.steps());
            Conformance.Witnessed w = Conformance.witness(m, obs, 200_000);
            assertTrue(w.result().conforms(), s.name() + ": " + w.result().reason());
            assertEquals(obs, Conformance.observe(m, w.steps()).subList(0, obs.size()), s.name());
            checked++;
        }
        assertTrue(checked >= 10);
    }

    @Test
    void shrinkerCandidatesAreSmallerAndValid() {
        for (Scenario s : Campaign.scenarios(5, 60, Target.K73)) {
            for (Scenario c : Shrinker.candidates(s, 24)) {
                assertTrue(Shrinker.size(c) < Shrinker.size(s) || c.setup().inOrder() != s.setup().inOrder()
                    || c.setup().ios().stream().filter(io -> io.after() != null).count()
                    < s.setup().ios().stream().filter(io -> io.after() != null).count(), c.name());
                Simulator.of(c).run(Chooser.random(1), false);      // a valid setup: the model runs it
            }
        }
    }

    @Test
    void divergenceKeysBlankIdsAndKeepErrnos() {
        String k = Judged.divergenceKey("fetch q1 tag3 FLUSH sector=-1 bytes=0", "the model cannot explain observation 4: x",
            List.of("fetch q1 tag3 FLUSH sector=0 bytes=0", "complete io2 result=-28"));
        assertEquals("fetch q# tag# FLUSH sector=-1 bytes=0 | model: complete io# result=-28 / fetch q# tag# FLUSH sector=0 bytes=0", k);
        assertEquals(Judged.reasonKey("server.plans.io3: waitFor io1 on another queue: x"),
            Judged.reasonKey("server.plans.io7: waitFor io2 on another queue: x"));
    }

    /** block/blk-merge.c get_max_io_size with 4096-byte physical blocks: the splits the 6.12 guest showed. */
    @Test
    void unsplitSectorsFollowGetMaxIoSize() {
        assertEquals(9, dev.ublklab.real.replay.RealPlan.unsplitSectors(23, 16));      // 5120 bytes at 23 came as 4608 + 512
        assertEquals(14, dev.ublklab.real.replay.RealPlan.unsplitSectors(130, 16));    // 8192 bytes at 130 came as 7168 + ...
        assertEquals(16, dev.ublklab.real.replay.RealPlan.unsplitSectors(0, 16));
        assertEquals(256, dev.ublklab.real.replay.RealPlan.unsplitSectors(8, 256));
        for (Scenario s : Campaign.scenarios(11, 200, Target.K612)) {
            String why = Campaign.refusal(s);
            assertFalse(why != null && why.contains("splits a bio"), "the generator places long IOs on physical blocks: " + why);
        }
    }

    @Test
    void targetsPickTheGuestVersion() {
        assertEquals("6.12", Target.majorMinor("6.12.117+deb12-amd64"));
        assertEquals("7.3", Target.majorMinor("7.3.4+bpo-amd64"));
        assertEquals("6.12", Target.version("6.12.118+deb12-amd64").id());
        assertEquals("7.3", Target.version("7.3.4+deb13-amd64").id());
        assertTrue(Target.note("6.12.118+deb12-amd64").contains("chosen from uname -r"), Target.note("6.12.118+deb12-amd64"));
    }

    /** A hung scenario is a timeout (once: .hung, twice: .error), never an environment failure; a guest that died twice is one. */
    @Test
    void hungScenariosAreTimeoutsAndDeadGuestsEnvironmentFailures(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Scenario s = Campaign.scenarios(2, 1, Target.K612).getFirst();
        java.nio.file.Files.writeString(dir.resolve(s.name() + ".hung"), Recorder.TIMED_OUT + " 150 s (attempt 1)");
        assertEquals(Judged.Status.TIMEOUT, Judged.read(s, 0, dir).status());
        java.nio.file.Files.writeString(dir.resolve(s.name() + ".error"), Recorder.TIMED_OUT + " 150 s (attempt 2)");
        Judged twice = Judged.read(s, 0, dir);
        assertEquals(Judged.Status.TIMEOUT, twice.status());
        assertTrue(twice.detail().contains("attempt 2"), twice.detail());
        java.nio.file.Files.writeString(dir.resolve(s.name() + ".error"), "environment failure: the guest (JVM or kernel) died twice");
        assertEquals(Judged.Status.ENVIRONMENT, Judged.read(s, 0, dir).status());
        java.nio.file.Files.delete(dir.resolve(s.name() + ".error"));
        java.nio.file.Files.delete(dir.resolve(s.name() + ".hung"));
        assertEquals(Judged.Status.ENVIRONMENT, Judged.read(s, 0, dir).status(), "no recording at all");
    }

    /** A boot's recorder budget leaves the boot and the JVM's start out, and always fits one watchdog period. */
    @Test
    void aBootsBudgetFitsItsHold() {
        assertEquals(24 * 60 - GuestBatch.BOOT_SECONDS, GuestBatch.budget(24 * 60));
        assertTrue(GuestBatch.budget(24 * 60) < GuestBatch.Hold.DEFAULT.seconds());
        assertTrue(GuestBatch.budget(60) >= Recorder.WATCHDOG_SECONDS + 60, "a boot gets to one scenario whatever its bound");
        assertTrue(GuestBatch.Hold.DEFAULT.seconds() <= 25 * 60, "a shared guest is held 25 minutes at most");
    }
}
