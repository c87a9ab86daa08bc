package dev.ublklab.model;

import static dev.ublklab.model.Fixtures.io;
import static dev.ublklab.model.Fixtures.model;
import static dev.ublklab.model.Fixtures.step;
import static dev.ublklab.model.Fixtures.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.IoState.Phase;
import dev.ublklab.model.RequestSlot.RqState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Enabling conditions and effects of each step of the copy variant. */
class StepsTest {
    private static final int RES_CHECK = 0;

    @Test
    void startDevLeavesEveryTagFetched() {
        // START_DEV waits until every (queue, tag) has issued FETCH_REQ (ublk_ctrl_start_dev).
        Model m = model(2, TagPolicy.ANY, new ServerSpec.Correct(0), io("r1", ReqOp.READ, 0, 4096));
        World w = m.initial();
        for (IoSlot s : w.queue(0).slots()) {
            assertEquals(IoSlot.ACTIVE, s.flags());
        }
        assertEquals(List.of("submit", "crash"), types(m, w));
    }

    @Test
    void tagPolicyDecidesWhichFreeTagsAreOffered() {
        IoSpec r = io("r1", ReqOp.READ, 0, 4096);
        World any = step(model(3, TagPolicy.ANY, new ServerSpec.Correct(0), r), model(3, TagPolicy.ANY, new ServerSpec.Correct(0), r).initial(), "submit");
        assertEquals(3, model(3, TagPolicy.ANY, new ServerSpec.Correct(0), r).enabled(any).stream().filter(e -> e instanceof Event.AllocTag).count());
        Model lowest = model(3, TagPolicy.LOWEST, new ServerSpec.Correct(0), r);
        World w = step(lowest, lowest.initial(), "submit");
        assertEquals(List.of(new Event.AllocTag(0, 0, 0)), lowest.enabled(w).stream().filter(e -> e instanceof Event.AllocTag).toList());
    }

    @Test
    void roundRobinContinuesAfterTheLastAllocatedTag() {
        // sbitmap's per-cpu alloc_hint moves past the tag just taken.
        Model m = model(3, TagPolicy.ROUND_ROBIN, new ServerSpec.Correct(0),
                io("w1", ReqOp.WRITE, 0, 4096), io("w2", ReqOp.WRITE, 8, 4096));
        World w = step(m, step(m, m.initial(), "submit"), "allocTag");
        w = step(m, w, "submit");
        assertTrue(m.enabled(w).contains(new Event.AllocTag(1, 0, 1)));
        assertFalse(m.enabled(w).contains(new Event.AllocTag(1, 0, 0)));
    }

    @Test
    void allocTagBumpsTheGenerationOfTheStaticRequest() {
        Model m = model(io("r1", ReqOp.READ, 0, 4096));
        World w = step(m, step(m, m.initial(), "submit"), "allocTag");
        assertEquals(new RequestSlot(0, 1, RqState.IDLE, 0), w.queue(0).rqs().get(0));
        assertEquals(Phase.ALLOCATED, w.io(0).phase());
    }

    @Test
    void queueRqStartsTheRequestAndQueuesTaskWork() {
        // ublk_queue_rq: blk_mq_start_request, then ublk_queue_cmd -> task work.
        Model m = model(io("r1", ReqOp.READ, 0, 4096));
        World w = step(m, step(m, step(m, m.initial(), "submit"), "allocTag"), "queueRq");
        assertEquals(RqState.IN_FLIGHT, w.queue(0).rqs().get(0).state());
        assertTrue(w.queue(0).slots().get(0).taskWork());
        assertEquals(Phase.DISPATCHED, w.io(0).phase());
    }

    @Test
    void queueRqOnADyingDaemonFailsTheRequestAtOnce() {
        Model m = model(io("r1", ReqOp.READ, 0, 4096));
        World w = step(m, step(m, step(m, m.initial(), "submit"), "allocTag"), "crash");
        w = step(m, w, "queueRq");
        assertEquals(Phase.COMPLETED, w.io(0).phase());
        assertEquals(-Errno.EIO, w.io(0).result());
        assertFalse(w.queue(0).rqs().get(0).allocated());
    }

    @Test
    void taskWorkHandsTheRequestToTheServerAndCopiesWriteData() {
        // ubq_complete_io_cmd: OWNED_BY_SRV set, ACTIVE cleared; ublk_map_io copies WRITE data.
        Model m = model(io("w1", ReqOp.WRITE, 8, 4096));
        World w = step(m, step(m, step(m, step(m, m.initial(), "submit"), "allocTag"), "queueRq"), "taskWork");
        IoSlot s = w.queue(0).slots().get(0);
        assertEquals(IoSlot.OWNED_BY_SRV, s.flags());
        assertEquals(SrvTag.Phase.FETCH_CQE, w.queue(0).srv().get(0).phase());
        assertEquals(Token.data(0, 8), w.queue(0).srv().get(0).buf().get(0));
        assertEquals(Token.data(0, 15), w.queue(0).srv().get(0).buf().get(7));
    }

    @Test
    void commitOnAnActiveSlotIsBusy() {
        // ublk_ch_uring_cmd: "if (io->flags & UBLK_IO_FLAG_ACTIVE) ret = -EBUSY".
        Model m = model(io("r1", ReqOp.READ, 0, 4096));
        Tx tx = new Tx(m.initial());
        assertEquals(-Errno.EBUSY, m.kernel.commit(tx, 0, 0, 4096));
        Tx tx2 = new Tx(m.initial());
        tx2.q(0).slot(0, IoSlot.FETCHED.withFlags(0));
        assertEquals(-Errno.EINVAL, m.kernel.commit(tx2, 0, 0, 4096));
    }

    @Test
    void correctReadReturnsTheBackingDataAndRearmsTheSlot() {
        Model m = model(io("r1", ReqOp.READ, 8, 4096));
        World w = m.initial();
        for (String t : List.of("submit", "allocTag", "queueRq", "taskWork", "fetch", "issue", "execute", "cqe", "issue")) {
            w = step(m, w, t);
        }
        assertEquals(Phase.COMPLETED, w.io(0).phase());
        assertEquals(4096, w.io(0).result());
        assertEquals(Token.backing(8, 0), w.pages().get(0).tokens().get(0));
        assertEquals(IoSlot.ACTIVE, w.queue(0).slots().get(0).flags());
        assertEquals(RES_CHECK, w.flaws().size());
    }

    @Test
    void shortCommitRequeuesTheRestOnANewDriverTag() {
        // ublk_complete_rq: blk_update_request(req, OK, res) true -> blk_mq_requeue_request; with one
        // hardware queue mq-deadline owns the request and the driver tag goes back (blk_mq_put_driver_tag).
        ServerSpec script = new ServerSpec.Script(List.of(List.of(new Action.Transfer(), new Action.Commit(4096))), 0);
        Model m = model(1, TagPolicy.ANY, script, io("w1", ReqOp.WRITE, 0, 8192));
        World w = m.initial();
        for (String t : List.of("submit", "allocTag", "queueRq", "taskWork", "fetch", "issue", "execute", "cqe", "issue")) {
            w = step(m, w, t);
        }
        assertEquals(new IoState(Phase.SUBMITTED, -1, 0, 4096, 0), w.io(0));
        assertFalse(w.queue(0).rqs().get(0).allocated());
        w = step(m, w, "allocTag");
        assertEquals(2, w.queue(0).rqs().get(0).generation());
        w = step(m, step(m, step(m, w, "queueRq"), "taskWork"), "fetch");
        assertEquals(8, w.queue(0).srv().get(0).sector());
        assertEquals(4096, w.queue(0).srv().get(0).bytes());
    }

    @Test
    void abortEndsWhatTheDeadServerOwned() {
        Model m = model(io("r1", ReqOp.READ, 0, 4096));
        World w = m.initial();
        for (String t : List.of("submit", "allocTag", "queueRq", "taskWork", "crash")) {
            w = step(m, w, t);
        }
        assertEquals(List.of("abort"), types(m, w));
        w = step(m, w, "abort");
        assertEquals(-Errno.EIO, w.io(0).result());
        assertTrue(w.queue(0).slots().get(0).has(IoSlot.ABORTED));
    }

    @Test
    void applyRejectsWhatIsNotEnabled() {
        Model m = model(io("r1", ReqOp.READ, 0, 4096));
        assertInstanceOf(Outcome.Rejected.class, m.apply(m.initial(), new Event.QueueRq(0, 0, 0)));
    }
}
