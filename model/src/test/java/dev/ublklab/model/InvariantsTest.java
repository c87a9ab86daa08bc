package dev.ublklab.model;

import static dev.ublklab.model.Fixtures.io;
import static dev.ublklab.model.Fixtures.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ublklab.model.IoState.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each invariant on a state built by hand to break it, and the explanation it gives. */
class InvariantsTest {
    private final Model m = model(2, TagPolicy.ANY, new ServerSpec.Correct(0),
            io("r1", ReqOp.READ, 0, 4096), io("w1", ReqOp.WRITE, 8, 4096));

    private String explain(String name, World w) {
        return Invariants.byName(name).explain(m, w);
    }

    private static List<IoState> set(World w, int i, IoState s) {
        List<IoState> ios = new ArrayList<>(w.ios());
        ios.set(i, s);
        return ios;
    }

    @Test
    void everyInvariantHoldsInitially() {
        for (Invariant inv : Invariants.ALL) {
            assertNull(inv.explain(m, m.initial()), inv.name());
        }
        assertEquals(11, Invariants.ALL.size());
    }

    @Test
    void tagExclusive() {
        World w = m.initial();
        List<RequestSlot> rqs = new ArrayList<>(w.queue(0).rqs());
        rqs.set(1, new RequestSlot(0, 1, RequestSlot.RqState.IN_FLIGHT, 0));
        QueueState q = w.queue(0);
        w = w.withQueues(List.of(new QueueState(rqs, q.slots(), q.srv(), q.ops(), false, 0)))
                .withIos(set(w, 0, new IoState(Phase.DISPATCHED, 0, 0, 0, 0)));
        assertEquals("tag 1 of queue 0 carries r1 which is DISPATCHED on tag 0", explain("tag-exclusive", w));
    }

    @Test
    void completeOnce() {
        World w = m.initial();
        w = w.withIos(set(w, 1, new IoState(Phase.COMPLETED, -1, 4096, 0, 2)));
        assertEquals("w1 completed 2 times", explain("complete-once", w));
    }

    @Test
    void noStaleDataExposed() {
        World w = m.initial();
        w = w.withIos(set(w, 0, new IoState(Phase.COMPLETED, -1, 4096, 0, 1)));
        assertEquals("READ r1 completed with 4096 but byte 0 holds Stale(other)", explain("no-stale-data-exposed", w));
    }

    @Test
    void readReturnsBackingData() {
        World w = m.initial();
        w = w.withIos(set(w, 0, new IoState(Phase.COMPLETED, -1, 4096, 0, 1)));
        List<Page> pages = new ArrayList<>(w.pages());
        int[] t = new int[8];
        for (int k = 0; k < 8; k++) t[k] = Token.backing(k, 0);
        t[3] = Token.backing(11, 0);
        pages.set(0, new Page(false, Sectors.of(t)));
        w = w.withPages(pages);
        assertEquals("READ r1 returned Backing(11,v0) for sector 3 (byte 1536)", explain("read-returns-backing-data", w));
    }

    @Test
    void writePersistsExactly() {
        World w = m.initial();
        assertEquals("backing sector 2 holds Data(w1,8)", explain("write-persists-exactly", w.withBacking(w.backing().with(2, Token.data(1, 8)))));
        World done = w.withIos(set(w, 1, new IoState(Phase.COMPLETED, -1, 4096, 0, 1)));
        assertEquals("WRITE w1 completed but backing sector 8 still holds Backing(8,v0)", explain("write-persists-exactly", done));
    }

    @Test
    void historyInvariantsExplainTheirFlaw() {
        World w = m.initial().withFlaws(List.of(new Flaw(Flaw.Kind.WROTE_RELEASED_PAGE, 0, 1, 0, 0, 2)));
        assertEquals("wrote a released page (queue 0, tag 1, io r1, page 0, sector 2 of the IO)", explain("no-page-after-release", w));
        World warn = m.initial().withFlaws(List.of(new Flaw(Flaw.Kind.WARN_RES_OVER_RQ_BYTES, 0, 0, 0, 8192, 4096)));
        assertEquals("WARN_ON_ONCE(io->res > rq_bytes) in ublk_unmap_io (queue 0, tag 0, io r1, res 8192 > rq_bytes 4096)", explain("no-kernel-warn", warn));
        for (Flaw.Kind kind : List.of(Flaw.Kind.SPLICE_OVER_LEN, Flaw.Kind.OTHER_REQUEST, Flaw.Kind.DIRTY_WORKER_PIPE)) {
            World f = m.initial().withFlaws(List.of(new Flaw(kind, 0, 0, 1, 0, 0)));
            assertEquals(kind.what() + " (queue 0, tag 0, io w1)", explain(kind.rule().id(), f));
        }
    }

    @Test
    void unfinishedNamesTheStuckIo() {
        World w = m.initial();
        assertEquals("r1 is stuck NEW of queue 0 and nothing can move", Invariants.unfinished(m, w));
    }
}
