package dev.ublklab.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ublklab.model.Config;
import dev.ublklab.model.Event;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.LcRecovery;
import dev.ublklab.model.LcSetup;
import dev.ublklab.model.Model;
import dev.ublklab.model.Recovery;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import dev.ublklab.model.World;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The checker's reductions over the lifecycle's state (World.life: command slots and their stale
 * references, task-work nodes, rings and their cancel rounds): reduced and raw searches agree, the
 * canonical form keeps the lifecycle vector, and fingerprints separate lifecycle states that differ.
 */
class LifecyclePropertyTest {
    static Setup setup(int kernel, int variant, int depth, int rings, int ios, int faults) {
        KernelVersion k = kernel == 0 ? KernelVersion.V6_14 : KernelVersion.V6_16;
        Variant v = List.of(Variant.COPY, Variant.USER_COPY, Variant.ZERO_COPY).get(kernel == 0 ? variant % 2 : variant);
        Config c = new Config(1, depth, v, 16, 1, 4096, 512, 65536, TagPolicy.ANY, Recovery.OFF, 64, k);
        List<IoSpec> specs = new ArrayList<>();
        for (int i = 0; i < ios; i++) {
            specs.add(Setups.io("io" + i, i % 2 == 0 ? ReqOp.READ : ReqOp.WRITE, 8L * i));
        }
        LcRecovery rec = (faults & 4) != 0 ? LcRecovery.RECOVERY : LcRecovery.OFF;
        List<Integer> crash = (faults & 1) != 0 ? List.of(0) : List.of();
        LcSetup l = new LcSetup(rec, rings, (faults & 16) != 0, 1, crash, (faults >> 1) & 1, rec == LcRecovery.OFF ? 0 : 1,
                (faults >> 3) & 1, true);
        return new Setup(c, specs, new ServerSpec.Correct(0), crash, false, l);
    }

    @Property(tries = 40)
    void reducedAndRawSearchesAgree(@ForAll @IntRange(min = 0, max = 1) int kernel, @ForAll @IntRange(min = 0, max = 2) int variant,
                                    @ForAll @IntRange(min = 1, max = 2) int depth, @ForAll @IntRange(min = 1, max = 2) int rings,
                                    @ForAll @IntRange(min = 1, max = 2) int ios, @ForAll @IntRange(min = 0, max = 31) int faults) {
        Model m = new Model(setup(kernel, variant, depth, rings, ios, faults));
        Options o = Options.defaults().withMaxStates(20_000).withMinimise(false);
        CheckResult reduced = Checker.check(m, o);
        CheckResult raw = Checker.check(m, o.withSymmetry(false));
        Assume.that(!(reduced instanceof CheckResult.LimitReached) && !(raw instanceof CheckResult.LimitReached));
        assertEquals(reduced.headline(), raw.headline());
        assertEquals(reduced.stats().distinct(), raw.stats().distinct(), "no lifecycle reduction merges states");
        CheckResult two = Checker.check(m, o.withWorkers(2));
        assertEquals(reduced.stats().distinct(), two.stats().distinct());
        assertEquals(reduced.headline(), two.headline());
    }

    /**
     * Along every path of a bounded search: the canonical World keeps the lifecycle vector and has
     * the same fingerprint; two states with different vectors have different fingerprints (so a
     * command's stale bit, a task-work node or a ring's cursor is never merged away).
     */
    @Property(tries = 20)
    void fingerprintsSeparateLifecycleStates(@ForAll @IntRange(min = 0, max = 1) int kernel, @ForAll @IntRange(min = 1, max = 2) int rings,
                                             @ForAll @IntRange(min = 0, max = 31) int faults) {
        Model m = new Model(setup(kernel, 0, 2, rings, 2, faults));
        Fingerprints fp = new Fingerprints(m, true);
        Canonicalizer canon = new Canonicalizer(m, true);
        Map<Long, World> seen = new HashMap<>();
        List<World> todo = new ArrayList<>(List.of(m.initial()));
        for (int n = 0; n < todo.size() && n < 3000; n++) {
            World w = todo.get(n);
            World c = canon.canonical(w);
            assertEquals(w.life(), c.life());
            long f = fp.of(w);
            assertEquals(f, fp.of(c));
            World before = seen.putIfAbsent(f, w);
            if (before != null) {
                assertEquals(before.life(), w.life(), "one fingerprint, two lifecycle states");
                continue;
            }
            for (Event e : m.enabled(w)) {
                todo.add(m.stepQuiet(w, e).world());
            }
        }
        assertNotEquals(0, seen.size());
    }
}
