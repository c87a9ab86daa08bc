package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ublklab.model.IoState.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rfc-fixed: each correction against the rfc-v1 finding it answers (docs/findings.md). */
class RfcFixedStepsTest {
    private static Drive correct(int pipeSlots, int chunk, IoSpec... ios) {
        return new Drive(Drive.setup(Drive.config(Variant.RFC_FIXED, 1, 1, pipeSlots, 1), new ServerSpec.Correct(chunk), ios));
    }

    private static void toSpliceRead(Drive d) {
        while (!d.has(Event.SpliceRead.class)) {
            d.step(e -> !(e instanceof Event.Adversary) && !(e instanceof Event.Crash));
        }
    }

    @Test
    void theWalkStopsAtLen() {
        // F2: rfc-v1 pushes both segments for a 4096-byte splice of an 8 KiB request
        Drive d = correct(16, 4096, Drive.io("w", ReqOp.WRITE, 8, 2));
        toSpliceRead(d);
        Outcome.Next n = d.step(Event.SpliceRead.class);
        assertEquals(4096L, n.facts().get(Fact.PUSHED));
        d.runToEnd(200);
        assertEquals(8192, d.w.io(0).result());
        assertEquals(List.of(), d.violated());
    }

    @Test
    void handledIsChargedWithWhatWasPushed() {
        // F3: 17 segments, 16 slots: the second round asks for 512 and is accepted
        List<Segment> segs = new ArrayList<>();
        segs.add(new Segment(512, 3584));
        for (int i = 0; i < 15; i++) {
            segs.add(new Segment(0, 4096));
        }
        segs.add(new Segment(0, 512));
        Drive d = new Drive(Drive.setup(new Config(1, 1, Variant.RFC_FIXED, 16, 1, 4096, 512, 1 << 20, TagPolicy.LOWEST,
                Recovery.OFF, 256, KernelVersion.SIMPLIFIED), new ServerSpec.Correct(0), new IoSpec("w", ReqOp.WRITE, 0, 0, segs, null)));
        d.runToEnd(200);
        assertEquals(65536, d.w.io(0).result());
        assertEquals(List.of(), d.violated());
    }

    @Test
    void aCommitWhileBuffersHoldTheRequestWaitsForTheirRelease() {
        // F1: each pushed buffer holds a reference; the COMMIT drops the bias, the consumer's
        // dismissal of the last buffer completes the request
        Drive d = new Drive(Drive.setup(Drive.config(Variant.RFC_FIXED, 1, 1, 16, 1), new ServerSpec.Adversarial(1, 0),
                Drive.io("r", ReqOp.READ, 8, 1)));
        toSpliceRead(d);
        d.step(Event.SpliceRead.class);
        assertEquals(IoSlot.REF_BIAS + 1, d.w.queue(0).slots().get(0).ref());
        d.step(e -> e instanceof Event.Adversary a && d.m.adversary.rogue(a.choice()).action() instanceof Action.Commit c
                && c.result() == 4096);
        assertEquals(Phase.DISPATCHED, d.w.io(0).phase());
        Outcome.Next n = d.step(Event.SpliceConsume.class);
        assertEquals(1L, n.facts().get(Fact.LAST_PUT));
        assertEquals(Phase.COMPLETED, d.w.io(0).phase());
        assertEquals(List.of(), d.violatedSafety());
    }

    @Test
    void aMinusOneOffsetIsRefused() {
        // F5: io_splice refuses SPLICE_F_DIRECT with a NULL offset instead of passing it on
        List<List<Action>> plans = new ArrayList<>();
        plans.add(List.of(new Action.Splice(null, null, 0, 4096, SpliceFlags.DIRECT, -1L), new Action.Commit(null)));
        Drive d = new Drive(Drive.setup(Drive.config(Variant.RFC_FIXED, 1, 1, 16, 1), new ServerSpec.Script(plans, 0),
                Drive.io("w", ReqOp.WRITE, 8, 1)));
        d.runToEnd(100);
        assertEquals(-Errno.EINVAL, d.w.io(0).result());
        assertEquals(List.of(), d.violated());
    }

    @Test
    void aCrashMidSpliceLetsTheAbortWaitForTheBuffers() {
        Drive d = new Drive(Drive.setupCrash(Drive.config(Variant.RFC_FIXED, 1, 1, 16, 1), new ServerSpec.Correct(0),
                Drive.io("r", ReqOp.READ, 8, 1)));
        toSpliceRead(d);
        d.step(Event.SpliceRead.class);
        d.step(Event.Crash.class);
        assertEquals(List.of(), d.m.enabled(d.w).stream().filter(e -> e instanceof Event.Abort).toList());
        d.step(Event.SpliceConsume.class);
        d.step(Event.Abort.class);
        d.step(Event.ReleasePages.class);
        assertEquals(List.of(), d.violated());
    }
}
