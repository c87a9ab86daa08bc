package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The taint rule (Taint): what an adversary's accepted action or a fault affected, and nothing else. */
class TaintTest {
    private static Drive adversarial(Variant v, int depth, IoSpec... ios) {
        return new Drive(Drive.setup(Drive.config(v, 1, depth, 16, 1), new ServerSpec.Adversarial(3, 0), ios));
    }

    /** Takes the adversarial action the domain describes as {@code what}. */
    private static Outcome.Next rogue(Drive d, String what) {
        return d.step(e -> e instanceof Event.Adversary a && Adversary.describe(d.m.adversary.rogue(a.choice())).equals(what));
    }

    /** Steps the correct server and the kernel (never the adversary, a crash or a page release) until {@code done}. */
    private static void until(Drive d, java.util.function.Predicate<World> done) {
        for (int i = 0; i < 200 && !done.test(d.w); i++) {
            d.step(e -> !(e instanceof Event.Adversary) && !(e instanceof Event.Crash) && !(e instanceof Event.ReleasePages));
        }
        assertTrue(done.test(d.w), "not reached: " + d.w);
    }

    private static boolean fetched(World w, int tag) {
        return w.queue(0).srv().get(tag).phase() == SrvTag.Phase.WORKING;
    }

    @Test
    void aRejectedCallTaintsNothing() {
        Drive d = adversarial(Variant.RFC_V1, 1, Drive.io("r1", ReqOp.READ, 0, 1));
        // before r1 is dispatched: COMMIT_AND_FETCH_REQ of tag 0 finds its FETCH_REQ ACTIVE: -EBUSY
        Outcome.Next n = rogue(d, "COMMIT_AND_FETCH_REQ tag0 result=4096");
        assertEquals(-Errno.EBUSY, ((Number) n.facts().get(Fact.RES)).intValue());
        assertEquals(0L, d.w.tainted());
        // a splice of tag 1 of a depth-1 queue: ublk_splice_read refuses the tag (-EINVAL), nothing moves
        rogue(d, "splice q0 tag1 off=0 len=4096 flags=DIRECT");
        d.runToEnd(200);
        assertEquals(0L, d.w.tainted());
        assertEquals(4096, d.w.io(0).result());
        assertNull(Invariants.unfinished(d.m, d.w));
        assertEquals(List.of(), d.violated());
    }

    @Test
    void anAcceptedCommitTaintsItsIoOnly() {
        Drive d = adversarial(Variant.COPY, 2, Drive.io("r1", ReqOp.READ, 0, 1), Drive.io("r2", ReqOp.READ, 8, 1));
        until(d, w -> fetched(w, 0) && fetched(w, 1));
        int onTag0 = d.w.queue(0).rqs().get(0).io();
        Outcome.Next n = rogue(d, "COMMIT_AND_FETCH_REQ tag0 result=-5");
        assertEquals(0, ((Number) n.facts().get(Fact.RES)).intValue());
        assertEquals(1L << onTag0, d.w.tainted());
        d.runToEnd(200);
        assertEquals(-Errno.EIO, d.w.io(onTag0).result());
        assertEquals(4096, d.w.io(1 - onTag0).result());
        assertEquals(1L << onTag0, d.w.tainted(), "the other request is untouched");
        assertNull(Invariants.unfinished(d.m, d.w), "the failed IO is the adversary's doing");
        assertEquals(List.of(), d.violated());
    }

    /**
     * rfc-v1: the adversary ends r1 early (accepted: r1 is tainted); the correct server's splice,
     * issued for r1, runs later and lands on r2, the tag's next request. r2 stays untainted, so
     * request-isolation holds the kernel to it: the RFC's ublk_splice_read has no generation check.
     */
    @Test
    void aStaleOperationDoesNotTaintTheRequestItLandsOn() {
        IoSpec r1 = Drive.io("r1", ReqOp.READ, 0, 1);
        IoSpec r2 = new IoSpec("r2", ReqOp.READ, 0, 8, List.of(new Segment(0, 4096)), null);
        Drive d = new Drive(new Setup(Drive.config(Variant.RFC_V1, 1, 1, 16, 1), List.of(r1, r2), new ServerSpec.Adversarial(1, 0),
                List.of(), true));
        until(d, w -> fetched(w, 0));
        d.step(Event.Issue.class);                        // the correct server's SPLICE SQE for r1
        rogue(d, "COMMIT_AND_FETCH_REQ tag0 result=4096");   // accepted: r1 completes
        assertEquals(1L, d.w.tainted());
        d.step(Event.AllocTag.class);
        d.step(Event.QueueRq.class);
        d.step(Event.WorkerStart.class);                  // r1's stale splice starts, now that r2 has the tag
        until(d, w -> !w.flaws().isEmpty() || w.workers().get(0).idle());
        assertFalse(Taint.io(d.w, 1), "r2 untainted");
        assertEquals(1L, d.w.tainted());
        String why = Invariants.byName("request-isolation").explain(d.m, d.w);
        assertNotNull(why, "the stale splice touched r2: " + d.w.flaws());
        assertTrue(why.contains("io r2") && why.contains("r2 is untainted"), why);
    }

    /** A crash fault taints every IO of its queue that had not completed, and no other. */
    @Test
    void aCrashFaultTaintsTheQueuesUnfinishedIos() {
        Drive d = new Drive(new Setup(Drive.config(Variant.COPY, 2, 1, 16, 1),
                List.of(Drive.io("r1", ReqOp.READ, 0, 1), new IoSpec("r2", ReqOp.READ, 1, 8, List.of(new Segment(0, 4096)), null)),
                new ServerSpec.Correct(0), List.of(0), true));
        until(d, w -> fetched(w, 0));
        d.step(e -> e instanceof Event.Crash c && c.queue() == 0);
        assertEquals(1L, d.w.tainted());
        d.runToEnd(200);
        assertEquals(4096, d.w.io(1).result());
        assertNull(Invariants.unfinished(d.m, d.w));
    }

    /**
     * An accepted adversary COMMIT of a tag whose fetch CQE the correct server has not reaped:
     * the tag's next request comes through the FETCH that commit re-armed, so it is tainted
     * (the server's CQE stream for the tag is out of step); with the CQE reaped first it is not.
     */
    @Test
    void aCommitBeforeTheFetchIsReapedTaintsTheTagsNextRequest() {
        for (boolean reaped : new boolean[] {false, true}) {
            IoSpec r2 = new IoSpec("r2", ReqOp.READ, 0, 8, List.of(new Segment(0, 4096)), null);
            Drive d = new Drive(new Setup(Drive.config(Variant.COPY, 1, 1, 16, 1), List.of(Drive.io("r1", ReqOp.READ, 0, 1), r2),
                    new ServerSpec.Adversarial(1, 0), List.of(), true));
            until(d, w -> w.queue(0).srv().get(0).phase() == SrvTag.Phase.FETCH_CQE);
            if (reaped) {
                d.step(Event.Fetch.class);
            }
            rogue(d, "COMMIT_AND_FETCH_REQ tag0 result=-5");
            d.step(Event.AllocTag.class);
            d.step(Event.QueueRq.class);
            assertEquals(reaped ? 1L : 3L, d.w.tainted(), reaped ? "r1 only" : "r1, and r2 through the adversary's FETCH");
        }
    }

    /** Zero copy: the adversary fills the slot the correct server uses for r1; r1's own REGISTER_IO_BUF fails -EBUSY and taints r1. */
    @Test
    void anAdversaryRegistrationIntoTheServersSlotTaintsTheRequestThatNeedsIt() {
        Drive d = adversarial(Variant.ZERO_COPY, 2, Drive.io("r1", ReqOp.READ, 0, 1),
                new IoSpec("w1", ReqOp.WRITE, 0, 8, List.of(new Segment(0, 4096)), null));
        for (int i = 0; i < 50 && !(fetched(d.w, 0) && fetched(d.w, 1)); i++) {
            // everything but r1's own first SQE (its REGISTER_IO_BUF into slot 0)
            d.step(e -> !(e instanceof Event.Adversary) && !(e instanceof Event.Crash) && !(e instanceof Event.ReleasePages)
                    && !(e instanceof Event.Issue x && x.tag() == 0));
        }
        int onTag1 = d.w.queue(0).rqs().get(1).io();
        rogue(d, "REGISTER_IO_BUF q0 tag1 slot=0");
        assertEquals(1L << onTag1, d.w.tainted(), "the registered request");
        until(d, w -> Taint.io(w, 1 - onTag1));
        assertEquals(3L, d.w.tainted());
    }
}
