package dev.ublklab.real.replay;

import dev.ublklab.sim.Judgement;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.sim.Scenario;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario's expect judged on a real run's outcome. */
class ExpectationTest {
    @Test
    void aFailedReadViolatesEveryIoCompletesAsCommitErrorExpects() {
        Scenario s = Bundled.load("copy/commit-error");
        Judgement v = Expectation.judge(s.setup(), s.expect(),
            new ReplayClient.Outcome(List.of(-5L, 4096L), List.of(), List.of()), 0);
        assertTrue(v.met(), v.reason());
        assertTrue(v.reason().contains("every-io-completes violated"), v.reason());
        Judgement ok = Expectation.judge(s.setup(), s.expect(),
            new ReplayClient.Outcome(List.of(4096L, 4096L), List.of(), List.of()), 0);
        assertFalse(ok.met(), "every-io-completes was expected to break");
    }

    @Test
    void dataMismatchesWarningsAndStuckIosBreakTheDefaultHoldList() {
        Scenario s = Bundled.load("copy/small-segments");
        List<Long> good = List.of(3584L, 3584L);
        assertTrue(Expectation.judge(s.setup(), s.expect(), new ReplayClient.Outcome(good, List.of(), List.of()), 0).met());
        assertFalse(Expectation.judge(s.setup(), s.expect(), new ReplayClient.Outcome(good, List.of("r1 READ: byte 0"), List.of()), 0).met());
        assertFalse(Expectation.judge(s.setup(), s.expect(), new ReplayClient.Outcome(good, List.of(), List.of()), 1).met());
        assertFalse(Expectation.judge(s.setup(), s.expect(),
            new ReplayClient.Outcome(Arrays.asList(3584L, null), List.of(), List.of("r1 (no completion)")), 0).met());
        Judgement unread = Expectation.judge(s.setup(), s.expect(), new ReplayClient.Outcome(good, List.of(), List.of()), -1);
        assertTrue(unread.met() && !unread.reason().contains("no-kernel-warn held"), unread.reason());
    }
}
