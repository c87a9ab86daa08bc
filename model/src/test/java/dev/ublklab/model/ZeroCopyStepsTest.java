package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.IoState.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mainline zero copy (ublk-protocol.md §6; ZeroCopy): REGISTER_IO_BUF's checks in the kernel's
 * order, the buffer's direction and range at import, io->ref held by every live buffer node, and
 * completion at the last put.
 */
class ZeroCopyStepsTest {
    private static Config config(int queues, int depth) {
        return Drive.config(Variant.ZERO_COPY, queues, depth, 16, 1);
    }

    private static Drive correct(IoSpec... ios) {
        return new Drive(Drive.setup(config(1, 2), new ServerSpec.Correct(0), ios));
    }

    private static Drive script(int depth, List<Action> plan, IoSpec... ios) {
        List<List<Action>> plans = new ArrayList<>();
        plans.add(plan);
        for (int i = 1; i < ios.length; i++) {
            plans.add(null);
        }
        return new Drive(Drive.setup(config(1, depth), new ServerSpec.Script(plans, 0), ios));
    }

    /** Runs until the CQE of the next {@code sqe} operation is reaped; its result. */
    private static int cqe(Drive d, String sqe) {
        for (int i = 0; i < 200; i++) {
            Outcome.Next n = d.step(e -> !(e instanceof Event.ReleasePages));
            if (n.event() instanceof Event.Cqe && sqe.equals(Fact.text(n.facts().get(Fact.SQE)))) {
                return ((Long) n.facts().get(Fact.RES)).intValue();
            }
        }
        throw new AssertionError("no " + sqe + " CQE");
    }

    private static void dispatch(Drive d) {
        d.step(Event.Submit.class);
        d.step(Event.AllocTag.class);
        d.step(Event.QueueRq.class);
        d.step(Event.TaskWork.class);
        d.step(Event.Fetch.class);
    }

    @Test
    void correctServerWritesAndReadsThroughRegisteredBuffers() {
        Drive d = correct(Drive.io("w", ReqOp.WRITE, 8, 2), Drive.io("r", ReqOp.READ, 24, 1));
        d.runToEnd(300);
        assertEquals(8192, d.w.io(0).result());
        assertEquals(4096, d.w.io(1).result());
        assertEquals(List.of(), d.violated());
        assertEquals(Token.data(0, 9), d.w.backing().get(9));
        assertEquals(Token.backing(24, 0), d.w.pages().get(2).tokens().get(0));
        assertEquals(List.of(), d.w.queue(0).bufs());
        assertEquals(0, d.w.queue(0).slots().get(0).ref());
    }

    @Test
    void registerTakesAReferenceAndUnregisterReleasesIt() {
        Drive d = correct(Drive.io("r", ReqOp.READ, 0, 1));
        dispatch(d);
        assertEquals(IoSlot.REF_BIAS, d.w.queue(0).slots().get(0).ref());
        assertEquals(0, cqe(d, "REGISTER_IO_BUF"));
        assertEquals(IoSlot.REF_BIAS + 1, d.w.queue(0).slots().get(0).ref());
        FixedBuf b = d.w.queue(0).bufs().get(0);
        assertEquals(new FixedBuf(0, 0, 0, 1, false, 0, 4096, 0, 0), b);
        assertEquals(4096, cqe(d, "READ_FIXED"));
        assertEquals(0, cqe(d, "UNREGISTER_IO_BUF"));
        assertEquals(IoSlot.REF_BIAS, d.w.queue(0).slots().get(0).ref());
        assertEquals(List.of(), d.w.queue(0).bufs());
    }

    @Test
    void registerChecksRunInTheKernelsOrder() {
        IoSpec r = Drive.io("r", ReqOp.READ, 0, 1);
        // tag >= queue_depth: -EINVAL; slot past buf_table.nr: -EINVAL; own slot taken: -EBUSY
        assertEquals(-Errno.EINVAL, cqe(start(script(2, List.of(new Action.Register(null, 2, 0)), r)), "REGISTER_IO_BUF"));
        assertEquals(-Errno.EINVAL, cqe(start(script(2, List.of(new Action.Register(null, null, 2)), r)), "REGISTER_IO_BUF"));
        Drive twice = start(script(2, List.of(new Action.Register(null, null, 0), new Action.Register(null, null, 0)), r));
        assertEquals(0, cqe(twice, "REGISTER_IO_BUF"));
        assertEquals(-Errno.EBUSY, cqe(twice, "REGISTER_IO_BUF"));
        // on the daemon's own task, a tag the server does not own: -EBUSY before anything else
        assertEquals(-Errno.EBUSY, cqe(start(script(2, List.of(new Action.Register(null, 1, 7)), r)), "REGISTER_IO_BUF"));
        // a request without data (FLUSH): -EINVAL
        IoSpec f = new IoSpec("f", ReqOp.FLUSH, 0, 0, List.of(), null);
        assertEquals(-Errno.EINVAL, cqe(start(script(2, List.of(new Action.Register(null, null, null)), f)), "REGISTER_IO_BUF"));
    }

    private static Drive start(Drive d) {
        dispatch(d);
        return d;
    }

    @Test
    void importRefusesWrongDirectionAndRangesPastTheBuffer() {
        IoSpec r = Drive.io("r", ReqOp.READ, 0, 1);
        List<Action> reg = List.of(new Action.Register(null, null, null));
        // a READ request's buffer is only a destination: WRITE_FIXED from it is -EFAULT
        Drive d = start(script(1, plus(reg, new Action.Fixed(null, 0, 4096, true, null)), r));
        assertEquals(0, cqe(d, "REGISTER_IO_BUF"));
        assertEquals(-Errno.EFAULT, cqe(d, "WRITE_FIXED"));
        // past imu->len: -EFAULT, not a short transfer
        d = start(script(1, plus(reg, new Action.Fixed(null, 2048, 4096, false, null)), r));
        cqe(d, "REGISTER_IO_BUF");
        assertEquals(-Errno.EFAULT, cqe(d, "READ_FIXED"));
        // an empty slot: io_find_buf_node finds nothing, -EFAULT
        d = start(script(1, List.of(new Action.Fixed(null, 0, 4096, false, null)), r));
        assertEquals(-Errno.EFAULT, cqe(d, "READ_FIXED"));
        // short at the end of the backing file (64 sectors)
        d = start(script(1, plus(reg, new Action.Fixed(null, 0, 4096, false, 64L * 512 - 1024)), r));
        cqe(d, "REGISTER_IO_BUF");
        assertEquals(1024, cqe(d, "READ_FIXED"));
    }

    private static List<Action> plus(List<Action> a, Action... more) {
        List<Action> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    @Test
    void commitBeforeUnregisterDefersCompletionToTheLastPut() {
        // an adversarial COMMIT_AND_FETCH_REQ while the correct server's buffer is registered and its
        // READ_FIXED is in flight: the request completes only when the node's last user lets go
        Drive d = new Drive(Drive.setup(config(1, 1), new ServerSpec.Adversarial(1, 0), Drive.io("r", ReqOp.READ, 0, 1)));
        dispatch(d);
        cqe(d, "REGISTER_IO_BUF");
        d.step(e -> e instanceof Event.Issue);
        assertEquals(1, d.w.queue(0).bufs().get(0).users());
        d.step(e -> e instanceof Event.Adversary a && "COMMIT_AND_FETCH_REQ tag0 result=4096".equals(describe(d, a)));
        assertEquals(Phase.DISPATCHED, d.w.io(0).phase());
        assertEquals(1, d.w.queue(0).slots().get(0).ref());
        d.step(Event.Execute.class);                         // READ_FIXED fills the still-live request's pages
        assertEquals(Phase.DISPATCHED, d.w.io(0).phase());
        cqe(d, "READ_FIXED");
        Outcome.Next unreg = d.step(e -> e instanceof Event.Issue);
        assertEquals(Sqe.UNREGISTER_IO_BUF, unreg.facts().get(Fact.SQE));
        assertEquals(1L, unreg.facts().get(Fact.LAST_PUT));
        assertEquals(Phase.COMPLETED, d.w.io(0).phase());
        assertEquals(4096, d.w.io(0).result());
        d.runToEnd(50);
        assertEquals(List.of(), d.violatedSafety());
    }

    private static String describe(Drive d, Event.Adversary a) {
        return Adversary.describe(d.m.adversary.rogue(a.choice()));
    }

    @Test
    void unregisterWhileAReadIsInFlightKeepsTheNodeUntilItEnds() {
        IoSpec r = Drive.io("r", ReqOp.READ, 0, 1);
        Drive d = start(script(1, List.of(new Action.Register(null, null, null), new Action.Fixed(null, 0, 4096, false, null)), r));
        cqe(d, "REGISTER_IO_BUF");
        d.step(e -> e instanceof Event.Issue);               // READ_FIXED imports the node
        Drive u = d;
        // the server's next action waits for the CQE; an UNREGISTER from an adversary is modelled in
        // ZeroCopy#unregister directly: the slot empties, the node lives on with its user
        Tx tx = new Tx(u.w);
        assertEquals(0, u.m.zeroCopy.unregister(tx, 0, 0, false));
        World w = tx.freeze();
        assertEquals(-1, w.queue(0).bufs().get(0).slot());
        assertEquals(IoSlot.REF_BIAS + 1, w.queue(0).slots().get(0).ref());
        Tx tx2 = new Tx(w);
        assertEquals(-Errno.EINVAL, u.m.zeroCopy.unregister(tx2, 0, 0, false));
    }

    @Test
    void crashWithARegisteredBufferFreesTheTableAndTheAbortWaitsForIt() {
        Drive d = new Drive(Drive.setupCrash(config(1, 1), new ServerSpec.Correct(0), Drive.io("w", ReqOp.WRITE, 8, 1)));
        dispatch(d);
        cqe(d, "REGISTER_IO_BUF");
        d.step(e -> e instanceof Event.Issue);               // WRITE_FIXED holds the node
        assertTrue(!d.has(Event.Abort.class));
        d.step(Event.Crash.class);
        assertEquals(-1, d.w.queue(0).bufs().get(0).slot()); // the ring's table is gone
        assertEquals(IoSlot.REF_BIAS + 1, d.w.queue(0).slots().get(0).ref());
        assertTrue(!d.has(Event.Abort.class), "the release work waits for the buffer's reference");
        d.step(Event.Execute.class);                         // the started WRITE_FIXED runs to its end
        assertEquals(List.of(), d.w.queue(0).bufs());
        assertEquals(IoSlot.REF_BIAS, d.w.queue(0).slots().get(0).ref());
        d.step(Event.Abort.class);
        assertEquals(-Errno.EIO, d.w.io(0).result());
        assertEquals(List.of(), d.violatedSafety());
    }

    @Test
    void anotherQueuesDaemonRegistersOnlyAStartedRequestWithAReference() {
        List<List<Action>> plans = new ArrayList<>();
        plans.add(null);
        plans.add(List.of(new Action.Register(0, 0, 1), new Action.Unregister(1), new Action.Transfer(), new Action.Commit(null)));
        IoSpec a = new IoSpec("a", ReqOp.READ, 0, 0, List.of(new Segment(0, 4096)), "b");
        IoSpec b = new IoSpec("b", ReqOp.READ, 1, 16, List.of(new Segment(0, 4096)), null);
        Drive d = new Drive(Drive.setup(config(2, 2), new ServerSpec.Script(plans, 0), a, b));
        // b's daemon (queue 1) registers queue 0's tag 0 before a was dispatched: io->ref is 0, -EINVAL
        d.step(e -> e instanceof Event.Submit s && s.io() == 1);
        d.step(Event.AllocTag.class);
        d.step(Event.QueueRq.class);
        d.step(Event.TaskWork.class);
        d.step(Event.Fetch.class);
        assertEquals(-Errno.EINVAL, cqe(d, "REGISTER_IO_BUF"));
        assertEquals(-Errno.EINVAL, cqe(d, "UNREGISTER_IO_BUF"));
        d.runToEnd(200);
        assertEquals(List.of(), d.violated());
    }

    @Test
    void anotherQueuesDaemonMayPinAStartedRequest() {
        // ublk_register_io_buf off the daemon's task: __ublk_check_and_get_req takes io->ref; the
        // buffer lands in the issuing daemon's ring (queue 1) and holds queue 0's request
        List<List<Action>> plans = new ArrayList<>();
        plans.add(List.of(new Action.WaitFor("b"), new Action.Transfer(), new Action.Commit(null)));
        plans.add(List.of(new Action.Register(0, 0, 1), new Action.Unregister(1), new Action.Transfer(), new Action.Commit(null)));
        IoSpec a = Drive.io("a", ReqOp.READ, 0, 1);
        IoSpec b = new IoSpec("b", ReqOp.READ, 1, 16, List.of(new Segment(0, 4096)), null);
        Drive d = new Drive(Drive.setup(config(2, 2), new ServerSpec.Script(plans, 0), a, b));
        dispatch(d);                                          // a, on queue 0 (its events come first)
        d.step(e -> e instanceof Event.Submit s && s.io() == 1);
        d.step(e -> e instanceof Event.AllocTag x && x.queue() == 1);
        d.step(e -> e instanceof Event.QueueRq x && x.queue() == 1);
        d.step(e -> e instanceof Event.TaskWork x && x.queue() == 1);
        d.step(e -> e instanceof Event.Fetch x && x.queue() == 1);
        Outcome.Next reg = d.step(e -> e instanceof Event.Issue x && x.queue() == 1);
        assertEquals(0L, reg.facts().get(Fact.RES));
        assertEquals(new FixedBuf(0, 0, 0, 1, false, 0, 4096, 1, 0), d.w.queue(1).bufs().get(0));
        assertEquals(IoSlot.REF_BIAS + 1, d.w.queue(0).slots().get(0).ref());
        d.runToEnd(300);
        assertEquals(4096, d.w.io(0).result());
        assertEquals(List.of(), d.violatedSafety());
        assertEquals(List.of("request-isolation"), d.violated()); // b's daemon touched a request it was not handed
    }
}
