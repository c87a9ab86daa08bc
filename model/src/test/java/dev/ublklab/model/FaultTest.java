package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fault injection ({@link Fault}): every failure point, what the fault does there, and that the
 * taint rule accounts for exactly what the fault causes (an error result reaching the server excuses
 * that IO's failure, nothing else; a short result excuses nothing).
 */
class FaultTest {
    private static final Fault.Budget ONE_EACH = new Fault.Budget(1, 1, 1, 1);

    private static Drive drive(Variant v, Fault.Budget b, IoSpec... ios) {
        return new Drive(new Setup(Drive.config(v, 1, 1, 16, 1), List.of(ios), new ServerSpec.Correct(0), List.of(), false, null, b));
    }

    private static IoSpec write8k() {
        return Drive.io("w1", ReqOp.WRITE, 0, 2);
    }

    private static IoSpec read8k() {
        return Drive.io("r1", ReqOp.READ, 0, 2);
    }

    /** Steps non-fault events until an event of {@code type} carrying fault {@code code} is enabled, then takes it. */
    private static Outcome.Next fault(Drive d, Class<? extends Event> type, int code) {
        for (int i = 0; i < 100; i++) {
            for (Event e : d.m.enabled(d.w)) {
                if (type.isInstance(e) && e.fault() == code) {
                    return d.apply(e);
                }
            }
            d.step(e -> e.fault() == 0 && !(e instanceof Event.ReleasePages));
        }
        throw new AssertionError("fault " + Fault.describe(code) + " on " + type.getSimpleName() + " never enabled");
    }

    private static int res(Outcome.Next n) {
        return ((Number) n.facts().get(Fact.RES)).intValue();
    }

    /** The run ends, every invariant holds, every-io-completes included. */
    private static void endsClean(Drive d) {
        d.runToEnd(300);
        assertEquals(List.of(), d.violated());
        assertNull(Invariants.unfinished(d.m, d.w));
    }

    /** The fault excused IO 0, which still completes, with {@code result}; every invariant holds. */
    private static void endsExcused(Drive d, int result) {
        assertTrue(Fault.excused(d.w, 0));
        endsClean(d);
        assertEquals(result, d.w.io(0).result());
    }

    @Test
    void withoutABudgetNoFaultIsOffered() {
        Drive d = drive(Variant.COPY, Fault.Budget.NONE, write8k(), read8k());
        for (int i = 0; i < 100 && !d.m.enabled(d.w).isEmpty(); i++) {
            for (Event e : d.m.enabled(d.w)) {
                assertEquals(0, e.fault(), e.toString());
            }
            d.step(e -> true);
        }
    }

    @Test
    void aBudgetOfOneIsSpentOnce() {
        Drive d = drive(Variant.COPY, new Fault.Budget(1, 0, 0, 0), write8k());
        Outcome.Next n = fault(d, Event.Execute.class, Fault.EIO);
        assertEquals("backendError -EIO", n.facts().get(Fact.FAULT));
        assertEquals(1, Fault.used(d.w.faults(), Fault.BACKEND_ERROR));
        for (int i = 0; i < 100 && !d.m.enabled(d.w).isEmpty(); i++) {
            for (Event e : d.m.enabled(d.w)) {
                assertEquals(0, e.fault(), "a second backendError offered: " + e);
            }
            d.step(e -> true);
        }
    }

    @Test
    void aBackendWriteErrorFailsThatWriteOnlyAndIsExcused() {
        Drive d = drive(Variant.COPY, ONE_EACH, write8k());
        assertEquals(-Errno.ENOSPC, res(fault(d, Event.Execute.class, Fault.ENOSPC)));
        assertTrue(Fault.excused(d.w, 0));
        assertNotNull(Invariants.unfinished(d.m, d.w), "excused is not finished: w1 must still complete");
        endsClean(d);
        assertEquals(-Errno.ENOSPC, d.w.io(0).result());
        assertEquals(0L, d.w.tainted(), "a fault is not the server's doing: nothing tainted");
        for (int s = 0; s < 16; s++) {
            assertTrue(Token.isBacking(d.w.backing().get(s)), "nothing written at sector " + s);
        }
    }

    @Test
    void anExcusedWriteIsStillHeldToWhereItsDataLands() {
        Drive d = drive(Variant.COPY, ONE_EACH, write8k(), Drive.io("x", ReqOp.READ, 32, 1));
        fault(d, Event.Execute.class, Fault.EIO);
        assertTrue(Fault.excused(d.w, 0));
        // w1's first sector at the wrong offset: write-persists-exactly still judges w1's data
        World w = d.w;
        World bad = new World(w.ios(), w.queues(), w.pages(), w.backing().with(40, Token.data(0, 0)), w.workers(), w.crashed(),
                w.adversary(), w.flaws(), w.tainted(), w.life(), w.faults(), w.excused(), w.backingTaint());
        assertNotNull(Invariants.byName("write-persists-exactly").explain(d.m, bad));
    }

    @Test
    void aShortBackendWriteIsCommittedShortAndTheRestRequeued() {
        Drive d = drive(Variant.COPY, ONE_EACH, write8k(), Drive.io("r1", ReqOp.READ, 0, 2));
        assertEquals(4096, res(fault(d, Event.Execute.class, Fault.SHORT)));
        assertFalse(Fault.excused(d.w, 0), "a short result excuses nothing");
        Outcome.Next commit = d.step(e -> e instanceof Event.Cqe);
        assertNotNull(commit);
        Outcome.Next c = d.step(Event.Issue.class);
        assertEquals(4096L, c.facts().get(Fact.RESULT));
        assertEquals(4096L, c.facts().get(Fact.REQUEUED));
        endsClean(d);
        assertEquals(8192, d.w.io(0).result());
    }

    @Test
    void onSevenThreeTheShortCommitEndsTheWriteWhole() {
        Config c = Drive.config(Variant.COPY, 1, 1, 16, 1).withKernel(KernelVersion.parse("7.3"));
        Drive d = new Drive(new Setup(c, List.of(write8k()), new ServerSpec.Correct(0), List.of(), false, null, ONE_EACH));
        fault(d, Event.Execute.class, Fault.SHORT);
        d.runToEnd(300);
        assertEquals(8192, d.w.io(0).result());
        assertTrue(d.violated().contains("write-persists-exactly"), d.violated().toString());
    }

    @Test
    void aBackendReadAtEndOfFileFailsTheRead() {
        Drive d = drive(Variant.COPY, ONE_EACH, read8k());
        assertEquals(0, res(fault(d, Event.Execute.class, Fault.EOF)));
        endsExcused(d, -Errno.EIO);
    }

    @Test
    void nothingMappedAtDispatchRequeuesTheWrite() {
        Drive d = drive(Variant.COPY, ONE_EACH, write8k());
        Outcome.Next n = fault(d, Event.TaskWork.class, Fault.COPY);
        assertEquals(8192L, n.facts().get(Fact.REQUEUED));
        assertEquals(IoState.Phase.SUBMITTED, d.w.io(0).phase());
        assertFalse(Fault.excused(d.w, 0));
        endsClean(d);
        assertEquals(8192, d.w.io(0).result());
    }

    @Test
    void aPartialMapShortensTheIodAndTheRestIsRequeued() {
        Drive d = drive(Variant.COPY, ONE_EACH, write8k(), Drive.io("r1", ReqOp.READ, 0, 2));
        fault(d, Event.TaskWork.class, Fault.COPY + 1);
        Outcome.Next f = d.step(Event.Fetch.class);
        assertEquals(4096L, f.facts().get(Fact.BYTES));
        endsClean(d);
        assertEquals(8192, d.w.io(0).result());
    }

    @Test
    void nothingUnmappedAtCommitFailsTheRead() {
        Drive d = drive(Variant.COPY, ONE_EACH, read8k());
        fault(d, Event.Issue.class, Fault.COPY);
        assertEquals(-Errno.EIO, d.w.io(0).result());
        assertTrue(Fault.excused(d.w, 0));
        endsClean(d);
    }

    @Test
    void aPartialUnmapRequeuesTheRestOfTheRead() {
        Drive d = drive(Variant.COPY, ONE_EACH, read8k());
        Outcome.Next n = fault(d, Event.Issue.class, Fault.COPY + 1);
        assertEquals(4096L, n.facts().get(Fact.REQUEUED));
        endsClean(d);
        assertEquals(8192, d.w.io(0).result());
    }

    @Test
    void userCopyAllocationFailureAndCopyFault() {
        Drive d = drive(Variant.USER_COPY, ONE_EACH, write8k());
        assertEquals(-Errno.ENOMEM, res(fault(d, Event.WorkerStart.class, Fault.ENOMEM)));
        endsExcused(d, -Errno.ENOMEM);

        Drive r = drive(Variant.USER_COPY, ONE_EACH, read8k());
        assertEquals(0, res(fault(r, Event.CopyPages.class, Fault.COPY)));   // pwrite copied nothing
        endsExcused(r, -Errno.EIO);

        Drive s = drive(Variant.USER_COPY, ONE_EACH, read8k());
        assertEquals(4096, res(fault(s, Event.CopyPages.class, Fault.COPY + 1)));
        assertFalse(Fault.excused(s.w, 0));
        endsClean(s);
        assertEquals(8192, s.w.io(0).result());
    }

    @Test
    void zeroCopyRegistrationAllocationAndFixedReadError() {
        Drive d = drive(Variant.ZERO_COPY, ONE_EACH, read8k());
        fault(d, Event.Issue.class, Fault.ENOMEM);
        endsExcused(d, -Errno.ENOMEM);

        Drive e = drive(Variant.ZERO_COPY, ONE_EACH, read8k());
        assertEquals(-Errno.EIO, res(fault(e, Event.Execute.class, Fault.EIO)));
        endsClean(e);
        assertEquals(-Errno.EIO, e.w.io(0).result());
        assertEquals(0, e.w.queue(0).bufs().size(), "the failed READ_FIXED still dropped its node; the buffer was unregistered");
    }

    @Test
    void spliceAllocationAndConsumerFaults() {
        Drive d = drive(Variant.RFC_V1, ONE_EACH, write8k());
        assertEquals(-Errno.ENOMEM, res(fault(d, Event.WorkerStart.class, Fault.ENOMEM)));
        endsClean(d);
        assertEquals(-Errno.ENOMEM, d.w.io(0).result());

        Drive c = drive(Variant.RFC_V1, ONE_EACH, write8k());
        fault(c, Event.SpliceConsume.class, Fault.EIO);
        endsExcused(c, -Errno.EIO);
    }

    /** F10: rfc-v1 charges handled for what was pushed; a short consumer poisons the request. rfc-fixed gives it back. */
    @Test
    void aShortSpliceConsumerPoisonsTheRfcRequestNotTheFixedOne() {
        Drive v1 = drive(Variant.RFC_V1, ONE_EACH, read8k());
        fault(v1, Event.SpliceConsume.class, Fault.SHORT);
        assertFalse(Fault.excused(v1.w, 0));
        v1.runToEnd(300);
        assertEquals(-Errno.EIO, v1.w.io(0).result());   // -EACCES through blk_status
        assertNotNull(Invariants.unfinished(v1.m, v1.w));

        Drive fx = drive(Variant.RFC_FIXED, ONE_EACH, read8k());
        fault(fx, Event.SpliceConsume.class, Fault.SHORT);
        endsClean(fx);
        assertEquals(8192, fx.w.io(0).result());
    }
}
