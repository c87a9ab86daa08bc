package dev.ublklab.sim.check;

import static dev.ublklab.sim.check.Setups.io;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ublklab.model.Model;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search's results do not depend on the number of workers. */
class ParallelTest {

    private static void sameForAnyWorkers(Model m, boolean symmetry) {
        CheckResult one = Checker.check(m, Options.defaults().withSymmetry(symmetry));
        for (int workers : new int[] {2, 3, 5}) {
            CheckResult many = Checker.check(m, Options.defaults().withSymmetry(symmetry).withWorkers(workers));
            assertEquals(one.getClass(), many.getClass());
            assertEquals(one.stats().distinct(), many.stats().distinct(), "distinct with " + workers + " workers");
            assertEquals(one.stats().transitions(), many.stats().transitions());
            assertEquals(one.stats().depth(), many.stats().depth());
        }
    }

    /** Three IOs out of order on two tags. */
    @Test
    void distinctStatesAreTheSameForAnyWorkers() {
        Model m = new Model(new Setup(Setups.copy(1, 2, TagPolicy.ANY),
                List.of(io("r1", ReqOp.READ, 0), io("w1", ReqOp.WRITE, 8), io("r2", ReqOp.READ, 8)),
                new ServerSpec.Correct(0), List.of(), false));
        CheckResult r = Checker.check(m, Options.defaults());
        assertInstanceOf(CheckResult.Passed.class, r, r.headline());
        sameForAnyWorkers(m, true);
        sameForAnyWorkers(m, false);
    }

    /**
     * A level that ends the search with a deadlock in a later chunk: the chunks before it were
     * merged while it was expanded, and must not count (found by SymmetryPropertyTest: an
     * adversarial server, two IOs on one tag, chunked).
     */
    @Test
    void aDeadlockInALaterChunkCountsAsWithOneWorker() {
        Model m = new Model(SymmetryPropertyTest.setup(dev.ublklab.model.Variant.COPY, 2, 1, 2048, -1L, true));
        CheckResult one = Checker.check(m, Options.defaults().withMaxStates(10_000).withMinimise(false));
        for (int workers : new int[] {2, 3}) {
            CheckResult many = Checker.check(m, Options.defaults().withMaxStates(10_000).withMinimise(false).withWorkers(workers));
            assertEquals(one.headline(), many.headline());
            assertEquals(one.stats().distinct(), many.stats().distinct(), "distinct with " + workers + " workers");
        }
    }

    /** Two queues: the merge order also fixes which of several violations is reported. */
    @Test
    void theSameCounterexampleForAnyWorkers() {
        Model m = new Model(Setups.scripted(Setups.copy(2, 2, TagPolicy.ANY),
                List.of(new dev.ublklab.model.Action.Transfer(), new dev.ublklab.model.Action.Commit(8192)),
                io("r1", ReqOp.READ, 0, 0), io("r2", ReqOp.READ, 1, 8)));
        CheckResult.Violated one = (CheckResult.Violated) Checker.check(m, Options.defaults());
        for (int workers : new int[] {2, 4}) {
            CheckResult.Violated many = (CheckResult.Violated) Checker.check(m, Options.defaults().withWorkers(workers));
            assertEquals(one.shortest(), many.shortest());
            assertEquals(one.stats().distinct(), many.stats().distinct());
        }
    }
}
