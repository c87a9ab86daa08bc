package dev.ublklab.real.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.real.sys.Uapi;
import dev.ublklab.real.ublk.Commit;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.Request;
import dev.ublklab.real.ublk.Handling;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Request → scenario IO, plan verdicts, and the waitFor deferral through commitOrder. */
class ScenarioHandlerTest {
    private static Request w(int tag, long sector) { return new Request(0, tag, Uapi.UBLK_IO_OP_WRITE, 0, sector, 8); }

    @Test
    void onlyInFlightIosExplainARequest() {
        RealPlan p = RealPlan.of(Bundled.load("copy/commit-error").setup(), DataPath.COPY, false);
        Request scan = new Request(0, 0, Uapi.UBLK_IO_OP_READ, 0, 0, 8);
        assertEquals(-1, ScenarioHandler.identify(p.setup(), scan, Set.of()), "the partition scan's READ of sector 0 is not r1");
        assertEquals(0, ScenarioHandler.identify(p.setup(), scan, Set.of("r1")));
        assertEquals(-1, ScenarioHandler.identify(p.setup(), new Request(0, 0, Uapi.UBLK_IO_OP_WRITE, 0, 0, 8), Set.of("r1")), "op differs");
        ScenarioHandler h = new ScenarioHandler(p);
        assertEquals(Handling.SERVE, h.onFetch(scan), "nothing in flight: served correctly");
        assertTrue(h.unknownRequests().isEmpty());
        h.submitted("r1");
        assertEquals(new Handling.ServeThenFail(5), h.onFetch(scan), "r1's plan transfers, then commits -EIO");
    }

    @Test
    void reverseOrderHoldsCommitsUntilTheAwaitedIoEnded() {
        ScenarioHandler h = new ScenarioHandler(RealPlan.of(Bundled.load("copy/reverse-order").setup(), DataPath.COPY, false));
        for (String io : List.of("w1", "w2", "w3")) h.submitted(io);
        Request r1 = w(2, 0), r2 = w(0, 8), r3 = w(1, 16);
        h.onFetch(r1);
        assertEquals(List.of(), h.commitOrder(List.of(new Commit(r1, 4096))), "w1 waits for w2");
        h.onFetch(r2);
        assertEquals(List.of(), h.commitOrder(List.of(new Commit(r2, 4096))), "w2 waits for w3");
        assertEquals(2, h.heldCommits());
        h.onFetch(r3);
        List<Commit> out = h.commitOrder(List.of(new Commit(r3, 4096)));
        assertEquals(List.of(new Commit(r3, 4096), new Commit(r2, 4096), new Commit(r1, 4096)), out);
        assertEquals(0, h.heldCommits());
    }

    /**
     * Fidelity scenario 55 of seed 20261204 (6.12): READs wait for a FLUSH, whose request reaches the
     * server as the flush_rq at sector -1. Unattributed, the FLUSH never "ended" and the READs' commits
     * were held for ever.
     */
    @Test
    void theFlushRqAtSectorMinusOneIsTheFlushInFlight() {
        String json = """
            {"config":{"variant":"copy","queues":1,"depth":4},
             "ios":[{"id":"f","op":"FLUSH","queue":0,"sector":0},{"id":"r","op":"READ","queue":0,"sector":8,"bytes":4096}],
             "server":{"policy":"script","plans":{"r":[{"do":"waitFor","io":"f"},{"do":"transfer"},{"do":"commit"}]}}}
            """;
        RealPlan plan = RealPlan.of(RealPlanTest.parse(json).setup(), DataPath.COPY, false);
        ScenarioHandler h = new ScenarioHandler(plan);
        h.submitted("f");
        h.submitted("r");
        Request read = new Request(0, 0, Uapi.UBLK_IO_OP_READ, 0, 8, 8), flush = new Request(0, 1, Uapi.UBLK_IO_OP_FLUSH, 0, -1, 0);
        assertEquals(0, ScenarioHandler.identify(plan.setup(), flush, Set.of("f", "r")));
        h.onFetch(read);
        assertEquals(List.of(), h.commitOrder(List.of(new Commit(read, 4096))), "r waits for f");
        h.onFetch(flush);
        assertEquals(List.of(new Commit(flush, 0), new Commit(read, 4096)), h.commitOrder(List.of(new Commit(flush, 0))));
        assertTrue(h.unknownRequests().isEmpty());
    }

    @Test
    void teardownReleasesHeldCommitsFailed() {
        ScenarioHandler h = new ScenarioHandler(RealPlan.of(Bundled.load("copy/reverse-order").setup(), DataPath.COPY, false));
        for (String io : List.of("w1", "w2", "w3")) h.submitted(io);
        Request r1 = w(2, 0), r2 = w(0, 8);
        h.onFetch(r1);
        h.onFetch(r2);
        h.commitOrder(List.of(new Commit(r1, 4096), new Commit(r2, 4096)));
        assertTrue(h.holding(0));
        assertEquals(false, h.holding(1), "nothing held on another queue");
        assertEquals(List.of(new Commit(r1, -5), new Commit(r2, -5)), h.release(0), "failed with -EIO: no data moves at teardown");
        assertEquals(false, h.holding(0));
        assertEquals(0, h.heldCommits());
    }

    @Test
    void aShortCommitDoesNotEndTheAwaitedIo() {
        String json = """
            {"config":{"variant":"copy","queues":1,"depth":2},
             "ios":[{"id":"w1","op":"WRITE","queue":0,"sector":0,"bytes":4096},{"id":"w2","op":"WRITE","queue":0,"sector":8,"bytes":8192}],
             "server":{"policy":"script","plans":{"w1":[{"do":"transfer"},{"do":"waitFor","io":"w2"},{"do":"commit"}],
                                                  "w2":[{"do":"transfer","len":4096},{"do":"commit","result":4096}]}}}
            """;
        ScenarioHandler h = new ScenarioHandler(RealPlan.of(RealPlanTest.parse(json).setup(), DataPath.COPY, false));
        h.submitted("w1");
        h.submitted("w2");
        Request r1 = w(0, 0), r2 = new Request(0, 1, Uapi.UBLK_IO_OP_WRITE, 0, 8, 16);
        h.onFetch(r1);
        h.commitOrder(List.of(new Commit(r1, 4096)));
        assertEquals(new Handling.Partial(4096), h.onFetch(r2));
        assertEquals(List.of(new Commit(r2, 4096)), h.commitOrder(List.of(new Commit(r2, 4096))), "w2 is requeued, w1 still waits");
        Request rest = new Request(0, 1, Uapi.UBLK_IO_OP_WRITE, 0, 16, 8);
        assertEquals(Handling.SERVE, h.onFetch(rest));
        assertEquals(List.of(new Commit(rest, 4096), new Commit(r1, 4096)), h.commitOrder(List.of(new Commit(rest, 4096))));
    }
}
