package dev.ublklab.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Invariants;
import dev.ublklab.model.Model;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link Checker#checkAll}: every invariant in one search, each with the shortest counterexample of its own search. */
class CheckAllTest {

    /** The length of a result's counterexample: shortest and minimised (a livelock: prefix and cycle). */
    private static List<Integer> lengths(CheckResult r) {
        return switch (r) {
            case CheckResult.Violated v -> List.of(v.shortest().size(), v.minimised().size());
            case CheckResult.Deadlocked d -> List.of(d.shortest().size(), d.minimised().size());
            case CheckResult.Livelock l -> List.of(l.prefix().size(), l.cycle().size());
            case CheckResult.Passed p -> List.of();
            case CheckResult.LimitReached l -> List.of();
        };
    }

    /** Each broken invariant as its own search shows it; each held one passes its own search. */
    private static void agreesWithSingleChecks(Model m, Options o, Findings all) {
        for (CheckResult r : all.broken()) {
            CheckResult one = Checker.check(m, o.withInvariants(List.of(r.broken())));
            assertEquals(one.getClass(), r.getClass(), r.broken() + ": " + one.headline() + " / " + r.headline());
            assertEquals(lengths(one), lengths(r), r.broken());
            assertEquals(one.headline(), r.headline());
        }
        for (String held : all.held()) {
            CheckResult one = Checker.check(m, o.withInvariants(List.of(held)));
            Class<? extends CheckResult> expected = all.complete() ? CheckResult.Passed.class : CheckResult.LimitReached.class;
            assertEquals(expected, one.getClass(), held + ": " + one.headline());
        }
    }

    private static Model adversarialRead() {
        return new Model(new Setup(Setups.config(Variant.RFC_V1, 1, 1, TagPolicy.ANY),
                List.of(Setups.io("r1", ReqOp.READ, 0)), new ServerSpec.Adversarial(1, 0), List.of(), true));
    }

    /** rfc-v1 under an adversary with one extra action, one READ: five invariants break, for five different reasons. */
    @Test
    void severalViolationsEachWithTheShortestLengthOfItsOwnSearch() {
        Model m = adversarialRead();
        Options o = Options.defaults().withInvariants(Invariants.names());
        Findings all = Checker.checkAll(m, o);
        assertTrue(all.complete());
        assertTrue(all.broken().size() >= 4, all.broken().stream().map(CheckResult::headline).toList().toString());
        // Without the mainline lifecycle its own invariants are vacuous and not listed (Checker.applicable).
        long lifecycleOnly = List.of(Invariants.NO_USE_AFTER_FREE, Invariants.TEARDOWN_COMPLETES).size();
        assertEquals(Invariants.names().size() - lifecycleOnly, all.broken().size() + all.held().size());
        agreesWithSingleChecks(m, o, all);
        Findings two = Checker.checkAll(m, o.withWorkers(2));
        assertEquals(all.broken().stream().map(CheckResult::headline).toList(), two.broken().stream().map(CheckResult::headline).toList());
        assertEquals(all.end().stats().distinct(), two.end().stats().distinct());
        assertEquals(all.end().stats().transitions(), two.end().stats().transitions());
    }

    /** The stop-at-first search reports the shallowest of checkAll's failures. */
    @Test
    void theFirstFailureIsTheShallowestOfAll() {
        Model m = adversarialRead();
        Options o = Options.defaults().withInvariants(Invariants.names());
        CheckResult first = Checker.check(m, o);
        int min = Checker.checkAll(m, o).broken().stream().mapToInt(r -> lengths(r).get(0)).min().orElseThrow();
        assertEquals(min, lengths(first).get(0), first.headline());
    }

    /** Random small setups of every variant (scripted and adversarial servers): checkAll agrees with one search per invariant. */
    @Property(tries = 12)
    void agreesWithOneSearchPerInvariant(@ForAll @IntRange(min = 0, max = 4) int variant, @ForAll @IntRange(min = 1, max = 2) int ios,
                                         @ForAll @IntRange(min = 1, max = 2) int depth, @ForAll long bits) {
        Model m = new Model(SymmetryPropertyTest.setup(SymmetryPropertyTest.VARIANTS.get(variant), ios, depth, 0, bits, true));
        Options o = Options.defaults().withInvariants(Invariants.names()).withMaxStates(4_000);
        Findings all = Checker.checkAll(m, o);
        Assume.that(all.complete());
        agreesWithSingleChecks(m, o, all);
    }
}
