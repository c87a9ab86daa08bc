package dev.ublklab.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ublklab.model.Action;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Model;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Symmetry reduction is a bisimulation quotient, so on any setup (every variant with tag symmetry,
 * scripted or adversarial servers) the reduced and the raw search must agree on the verdict, the
 * invariant, the length of the shortest counterexample and the depth; and any number of workers
 * must find the same states.
 */
class SymmetryPropertyTest {
    private static final List<List<Action>> PLANS = List.of(
            List.of(new Action.Transfer(), new Action.Commit(null)),
            List.of(new Action.Transfer(), new Action.Commit(-5)),
            List.of(new Action.Transfer(), new Action.Commit(8192)),
            List.of(new Action.Commit(0)),
            List.of(new Action.Commit(2048)));

    /** The variants with tag symmetry (positions name tags in all but copy), and zero-copy with the other reductions. */
    static final List<Variant> VARIANTS = List.of(Variant.COPY, Variant.USER_COPY, Variant.RFC_V1, Variant.RFC_FIXED,
            Variant.ZERO_COPY);

    static Setup setup(Variant v, int ios, int depth, int chunk, long bits, boolean inOrder) {
        List<IoSpec> specs = new ArrayList<>();
        List<List<Action>> plans = new ArrayList<>();
        for (int i = 0; i < ios; i++) {
            long b = bits >>> (8 * i);
            ReqOp op = (b & 1) == 0 ? ReqOp.READ : ReqOp.WRITE;
            specs.add(Setups.io("io" + i, op, 8L * ((b >>> 1) & 3)));
            int plan = (int) Long.remainderUnsigned(b >>> 3, 8);
            plans.add(plan < PLANS.size() ? PLANS.get(plan) : null);
        }
        ServerSpec server = (bits >>> 62) == 3 ? new ServerSpec.Adversarial(1, chunk) : new ServerSpec.Script(plans, chunk);
        return new Setup(Setups.config(v, 1, depth, TagPolicy.ANY), specs, server, List.of(), inOrder);
    }

    @Property(tries = 75)
    void reducedAndRawSearchesAgree(@ForAll @IntRange(min = 0, max = 4) int variant, @ForAll @IntRange(min = 1, max = 3) int ios,
                                    @ForAll @IntRange(min = 1, max = 3) int depth, @ForAll boolean chunked, @ForAll long bits,
                                    @ForAll boolean inOrder) {
        Model m = new Model(setup(VARIANTS.get(variant), ios, depth, chunked ? 2048 : 0, bits, inOrder));
        Options o = Options.defaults().withMaxStates(10_000).withMinimise(false);
        CheckResult reduced = Checker.check(m, o);
        CheckResult raw = Checker.check(m, o.withSymmetry(false));
        Assume.that(!(reduced instanceof CheckResult.LimitReached) && !(raw instanceof CheckResult.LimitReached));
        assertEquals(reduced.getClass(), raw.getClass(), reduced.headline() + " / " + raw.headline());
        assertEquals(length(reduced), length(raw));
        if (reduced instanceof CheckResult.Violated v) {
            assertEquals(v.invariant(), ((CheckResult.Violated) raw).invariant());
        }
        if (reduced instanceof CheckResult.Passed) {
            assertEquals(reduced.stats().depth(), raw.stats().depth());
        }
        CheckResult two = Checker.check(m, o.withWorkers(2));
        assertEquals(reduced.stats().distinct(), two.stats().distinct());
        assertEquals(reduced.headline(), two.headline());
    }

    private static int length(CheckResult r) {
        return switch (r) {
            case CheckResult.Violated v -> v.shortest().size();
            case CheckResult.Deadlocked d -> d.shortest().size();
            case CheckResult.Livelock l -> l.prefix().size();
            case CheckResult.Passed p -> 0;
            case CheckResult.LimitReached l -> -1;
        };
    }
}
