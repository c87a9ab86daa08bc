package dev.ublklab.sim.check;

import static dev.ublklab.sim.check.Setups.correct;
import static dev.ublklab.sim.check.Setups.io;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.ublklab.model.Model;
import dev.ublklab.model.ReqOp;
import org.junit.jupiter.api.Test;

/** Distinct-state counts of tiny setups, derived by hand in each test's comment. */
class CheckerCountTest {

    private static CheckResult check(Model m, boolean symmetry) {
        return Checker.check(m, Setups.quiet().withSymmetry(symmetry));
    }

    /**
     * One READ, depth 1, correct server, no chunking. Exactly one event is enabled in every state:
     * 0 initial, 1 submit, 2 allocTag(tag 0), 3 queueRq, 4 taskWork (fetch CQE posted), 5 fetch,
     * 6 issue BACKEND_READ, 7 execute, 8 cqe (done 4096), 9 issue COMMIT_AND_FETCH_REQ (IO
     * completes, 4096), 10 releasePages: terminal and quiescent. 11 states, 10 transitions, depth 10.
     */
    @Test
    void oneReadDepthOne() {
        CheckResult r = check(new Model(correct(Setups.copy(1), 0, io("r1", ReqOp.READ, 0))), true);
        assertInstanceOf(CheckResult.Passed.class, r, r.headline());
        assertEquals(11, r.stats().distinct());
        assertEquals(10, r.stats().transitions());
        assertEquals(10, r.stats().depth());
    }

    /**
     * One WRITE, depth 1: the same chain (taskWork copies the data into the server buffer, the
     * backend op is a BACKEND_WRITE): 11 states.
     */
    @Test
    void oneWriteDepthOne() {
        CheckResult r = check(new Model(correct(Setups.copy(1), 0, io("w1", ReqOp.WRITE, 8))), true);
        assertInstanceOf(CheckResult.Passed.class, r, r.headline());
        assertEquals(11, r.stats().distinct());
    }

    /**
     * One READ, chunk 2048: issue/execute/cqe happen twice before the commit, so the chain has 3
     * more states: 14.
     */
    @Test
    void oneReadChunked() {
        CheckResult r = check(new Model(correct(Setups.copy(1), 2048, io("r1", ReqOp.READ, 0))), true);
        assertEquals(14, r.stats().distinct());
        assertEquals(13, r.stats().depth());
    }

    /**
     * One READ, depth 2, policy any: allocTag may pick tag 0 or tag 1. Without symmetry the two
     * branches stay apart to the end (the used tag keeps generation 1, the hint differs): states
     * 0 and 1, then 9 per branch: 20. With symmetry the branches are one: 11.
     */
    @Test
    void oneReadDepthTwoSymmetry() {
        Model m = new Model(correct(Setups.copy(2), 0, io("r1", ReqOp.READ, 0)));
        assertEquals(20, check(m, false).stats().distinct());
        assertEquals(11, check(m, true).stats().distinct());
    }

    /**
     * Two READs submitted in order on depth 1. Let a be r1's position on the 11-state chain above
     * (0 NEW, 1 SUBMITTED, 2..8 holding the tag, 9 COMPLETED, 10 RELEASED) and b r2's. r2 submits
     * only after r1 did, but once both are SUBMITTED either may get the only tag first, and the
     * order stays visible to the end (the server buffer holds the last READ's data):
     * neither has had the tag: (0,0), (1,0), (1,1): 3. r1 first: a = 2..8 with b = 0..1 (14),
     * a = 9..10 with b = 0..10 (22). r2 first (r1 is SUBMITTED): b = 2..8 (7), b = 9..10 with
     * a = 1..10 (20). 3 + 14 + 22 + 7 + 20 = 66 (checked against a plain BFS on World equality).
     */
    @Test
    void twoReadsDepthOne() {
        Model m = new Model(correct(Setups.copy(1), 0, io("r1", ReqOp.READ, 0), io("r2", ReqOp.READ, 8)));
        CheckResult r = check(m, true);
        assertInstanceOf(CheckResult.Passed.class, r, r.headline());
        assertEquals(66, r.stats().distinct());
        assertEquals(66, check(m, false).stats().distinct());
    }
}
