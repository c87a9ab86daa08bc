package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The taint rule's widenings, narrowed to what the adversary's action (or the fault) causes: for
 * each, a state where the adversary caused the damage (not reported) and one where the kernel did,
 * next to or after the adversary's action (reported, where the wider rule hid it).
 */
class TaintWideningTest {
    private static final Invariant READS = Invariants.byName("read-returns-backing-data");
    private static final Invariant WRITES = Invariants.byName("write-persists-exactly");

    /** Two one-page READs (sectors 0-7 and 8-15) served by the correct server to the end: every invariant holds. */
    private static Drive twoReads() {
        Drive d = new Drive(Drive.setup(Drive.config(Variant.COPY, 1, 2, 16, 1), new ServerSpec.Correct(0),
                Drive.io("r1", ReqOp.READ, 0, 1), Drive.io("r2", ReqOp.READ, 8, 1)));
        d.runToEnd(200);
        assertEquals(List.of(), d.violated());
        return d;
    }

    private static World with(World w, long backingTaint, long tainted, Sectors backing, List<Page> pages) {
        return new World(w.ios(), w.queues(), pages, backing, w.workers(), w.crashed(), w.adversary(), w.flaws(), tainted,
                w.life(), w.faults(), w.excused(), backingTaint);
    }

    /** IO {@code io}'s first sector, as its pages hold it, replaced by {@code token}. */
    private static List<Page> page0(Drive d, int io, int token) {
        List<Page> pages = new ArrayList<>(d.w.pages());
        int p = d.m.pageOf(io, 0);
        pages.set(p, pages.get(p).withTokens(pages.get(p).tokens().with(0, token)));
        return pages;
    }

    /**
     * W1, was: one bit for "the adversary wrote the backing file", which switched
     * read-returns-backing-data off for every READ. Now only the sectors written are skipped.
     */
    @Test
    void aReadOfSectorsTheAdversaryWroteIsNotJudgedAnotherReadIs() {
        Drive d = twoReads();
        long sectors0to7 = 0xffL;
        // adversary-caused: r1's sector 0 came from a file sector the adversary filled with junk
        World adversary = with(d.w, sectors0to7, 0, d.w.backing(), page0(d, 0, Token.junk()));
        assertNull(READS.explain(d.m, adversary));
        // kernel-caused: r2 (sectors 8-15, not written by the adversary) returns junk: reported
        World kernel = with(d.w, sectors0to7, 0, d.w.backing(), page0(d, 1, Token.junk()));
        assertNotNull(READS.explain(d.m, kernel), "the whole-file mark hid this");
    }

    /** W1 for the backing half of write-persists-exactly: only the written sectors are the server's business. */
    @Test
    void aBackingSectorTheAdversaryWroteIsNotJudgedAnotherIs() {
        Drive d = twoReads();
        long sectors0to7 = 0xffL;
        assertNull(WRITES.explain(d.m, with(d.w, sectors0to7, 0, d.w.backing().with(3, Token.junk()), d.w.pages())));
        assertNotNull(WRITES.explain(d.m, with(d.w, sectors0to7, 0, d.w.backing().with(12, Token.junk()), d.w.pages())),
                "the whole-file mark hid this");
    }

    /**
     * W2, was: a tainted IO's data was allowed at any backing sector. Where an accepted adversary
     * transfer or the server's own departed write put it, the sectors are marked; anywhere else it is
     * the kernel's doing.
     */
    @Test
    void aTaintedIosDataAtAnUnmarkedSectorIsReported() {
        Drive d = twoReads();
        int w1Data = Token.data(0, 5);   // IO 0's data for sector 5 (IO 0 is a READ: no WRITE of it belongs anywhere)
        long ioTainted = 1L;
        assertNull(WRITES.explain(d.m, with(d.w, 1L << 20, ioTainted, d.w.backing().with(20, w1Data), d.w.pages())));
        assertNotNull(WRITES.explain(d.m, with(d.w, 0, ioTainted, d.w.backing().with(20, w1Data), d.w.pages())),
                "the tainted-data exemption hid this");
    }

    /**
     * W3, the server's own backend write for a request an accepted adversary COMMIT ended: it marks the
     * sectors it wrote (was: the whole file), so the other WRITE's sectors are still judged.
     */
    @Test
    void theServersDepartedWriteMarksOnlyTheSectorsItWrote() {
        Drive d = new Drive(Drive.setup(Drive.config(Variant.COPY, 1, 2, 16, 1), new ServerSpec.Adversarial(1, 0),
                Drive.io("w1", ReqOp.WRITE, 0, 1), Drive.io("w2", ReqOp.WRITE, 16, 1)));
        for (int i = 0; i < 100 && d.w.queue(0).srv().get(0).phase() != SrvTag.Phase.WORKING; i++) {
            d.step(e -> !(e instanceof Event.Adversary) && !(e instanceof Event.ReleasePages));
        }
        d.step(e -> e instanceof Event.Issue i && i.tag() == 0);   // w1's BACKEND_WRITE SQE
        d.step(e -> e instanceof Event.Adversary a
                && Adversary.describe(d.m.adversary.rogue(a.choice())).equals("COMMIT_AND_FETCH_REQ tag0 result=4096"));
        assertEquals(0L, d.w.backingTaint());
        d.step(e -> e instanceof Event.Execute x && x.tag() == 0);   // the write lands after w1 ended
        assertEquals(0xffL, d.w.backingTaint(), "sectors 0-7 only");
        d.runToEnd(200);
        assertEquals(List.of(), d.violated(), "the adversary's doing is not reported");
        assertNull(Invariants.unfinished(d.m, d.w));
        assertNotNull(WRITES.explain(d.m, with(d.w, d.w.backingTaint(), d.w.tainted(), d.w.backing().with(16, Token.junk()),
                d.w.pages())), "w2's sectors are still judged");
    }

    /**
     * W4, a crash, was: every unfinished IO of the queue tainted, which also forgave an IO that never
     * completed after the crash. Now only the IOs the daemon had been handed are tainted; the others
     * are excused: they may fail, but must complete.
     */
    @Test
    void aCrashExcusesTheIosTheDaemonNeverSawButTheyMustComplete() {
        Drive d = new Drive(new Setup(Drive.config(Variant.COPY, 1, 1, 16, 1),
                List.of(Drive.io("r1", ReqOp.READ, 0, 1), Drive.io("r2", ReqOp.READ, 8, 1)), new ServerSpec.Correct(0), List.of(0),
                true));
        for (int i = 0; i < 100 && d.w.queue(0).srv().get(0).phase() != SrvTag.Phase.WORKING; i++) {
            d.step(e -> !(e instanceof Event.Crash) && !(e instanceof Event.ReleasePages));
        }
        d.step(Event.Crash.class);
        assertEquals(1L, d.w.tainted(), "r1 was the server's");
        assertTrue(Fault.excused(d.w, 1), "r2 was not: it is excused only");
        d.runToEnd(200);
        assertEquals(-Errno.EIO, d.w.io(1).result());
        assertNull(Invariants.unfinished(d.m, d.w), "r2's failure is the crash's doing");
        assertEquals(List.of(), d.violated());
        // the same end, but r2 never got a request (a kernel that lost it): reported (the wider rule forgave it)
        List<IoState> ios = new ArrayList<>(d.w.ios());
        ios.set(1, new IoState(IoState.Phase.SUBMITTED, -1, 0, 0, 0));
        World lost = new World(ios, d.w.queues(), d.w.pages(), d.w.backing(), d.w.workers(), d.w.crashed(), d.w.adversary(),
                d.w.flaws(), d.w.tainted(), d.w.life(), d.w.faults(), d.w.excused(), d.w.backingTaint());
        assertNotNull(Invariants.unfinished(d.m, lost));
    }

    /**
     * W5, the adversary's re-armed FETCH (Taint.adversaryFetch): its mark was cleared at the first
     * dispatch on the tag, so when an injected copy fault made the task work requeue that request, the
     * tag's next request reached the server through the same stale CQE untainted, and its failure was
     * reported as the kernel's. The mark now lasts until the command completes with a request.
     */
    @Test
    void theAdversarysRefetchTaintsEveryRequestDispatchedUntilItCompletes() {
        IoSpec w1 = Drive.io("w1", ReqOp.WRITE, 16, 2);
        IoSpec r1 = Drive.io("r1", ReqOp.READ, 0, 2);
        Drive d = new Drive(new Setup(Drive.config(Variant.COPY, 1, 1, 16, 1), List.of(r1, w1), new ServerSpec.Adversarial(1, 0),
                List.of(), false, null, new Fault.Budget(0, 0, 0, 1)));
        d.step(e -> e instanceof Event.Submit s && s.io() == 1);
        d.step(Event.AllocTag.class);
        d.step(Event.QueueRq.class);
        d.step(e -> e instanceof Event.TaskWork && e.fault() == 0);   // w1's fetch CQE is posted, not reaped
        d.step(e -> e instanceof Event.Adversary a
                && Adversary.describe(d.m.adversary.rogue(a.choice())).equals("COMMIT_AND_FETCH_REQ tag0 result=0"));
        d.step(Event.AllocTag.class);
        d.step(Event.QueueRq.class);
        d.step(e -> e instanceof Event.TaskWork && e.fault() == Fault.COPY);   // nothing mapped: w1 requeued
        assertEquals(2L, d.w.tainted(), "w1: committed by the adversary");
        d.step(e -> e instanceof Event.Submit s && s.io() == 0);
        d.step(e -> e instanceof Event.AllocTag a && a.io() == 0);
        d.step(Event.QueueRq.class);
        assertEquals(3L, d.w.tainted(), "r1's iod is what the stale CQE now shows the server");
    }

    /**
     * Kept: an IO waiting for a tag while every tag carries a tainted request (one the adversary
     * pinned) is not reported stuck; with a tag free, or the holder untainted, it is.
     */
    @Test
    void waitingBehindTheAdversarysRequestsIsNotAKernelDeadlockWaitingBehindAnythingElseIs() {
        Drive d = twoReads();
        List<IoState> ios = new ArrayList<>(d.w.ios());
        ios.set(0, new IoState(IoState.Phase.DISPATCHED, 0, 0, 0, 0));
        ios.set(1, new IoState(IoState.Phase.SUBMITTED, -1, 0, 0, 0));
        List<QueueState> qs = new ArrayList<>(d.w.queues());
        QueueState q = qs.get(0);
        List<RequestSlot> rqs = new ArrayList<>(q.rqs());
        rqs.set(0, new RequestSlot(0, 9, RequestSlot.RqState.IN_FLIGHT, 0));
        rqs.set(1, new RequestSlot(0, 9, RequestSlot.RqState.IN_FLIGHT, 0));   // both tags pinned by r1's requests (a ghost picture)
        qs.set(0, new QueueState(rqs, q.slots(), q.srv(), q.ops(), q.dying(), q.hint(), q.bufs()));
        World pinned = new World(ios, qs, d.w.pages(), d.w.backing(), d.w.workers(), 0, 1, d.w.flaws(), 1L, null, 0, 0L, 0L);
        assertNull(Invariants.unfinished(d.m, pinned), "r1 is the adversary's, r2 waits behind it");
        World untainted = new World(ios, qs, d.w.pages(), d.w.backing(), d.w.workers(), 0, 1, d.w.flaws(), 0L, null, 0, 0L, 0L);
        assertNotNull(Invariants.unfinished(d.m, untainted));
        rqs.set(1, RequestSlot.FREE);
        qs.set(0, new QueueState(rqs, q.slots(), q.srv(), q.ops(), q.dying(), q.hint(), q.bufs()));
        World free = new World(ios, qs, d.w.pages(), d.w.backing(), d.w.workers(), 0, 1, d.w.flaws(), 1L, null, 0, 0L, 0L);
        assertNotNull(Invariants.unfinished(d.m, free), "a free tag: r2 stuck is the kernel's");
    }
}
