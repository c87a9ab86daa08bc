package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.IoState.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The user-copy path (ublk-protocol.md §5: ublk_check_and_get_req's checks in their order, io->ref
 * set at dispatch, dropped at COMMIT, the last put completes the request; copies past the end are
 * short).
 */
class UserCopyStepsTest {
    private static Drive correct(IoSpec... ios) {
        return new Drive(Drive.setup(Drive.config(Variant.USER_COPY, 1, 2, 16, 1), new ServerSpec.Correct(0), ios));
    }

    private static Drive script(IoSpec io, Action.UserCopy copy) {
        List<List<Action>> plans = new ArrayList<>();
        plans.add(List.of(copy, new Action.Commit(null)));
        return new Drive(Drive.setup(Drive.config(Variant.USER_COPY, 1, 2, 16, 1), new ServerSpec.Script(plans, 0), io));
    }

    private static int copyResult(Drive d) {
        while (true) {
            Outcome.Next n = d.step(e -> !(e instanceof Event.ReleasePages));
            Object sqe = n.facts().get(Fact.SQE);
            if (n.event() instanceof Event.Cqe && (sqe == Sqe.USER_READ || sqe == Sqe.USER_WRITE)) {
                return ((Long) n.facts().get(Fact.RES)).intValue();
            }
        }
    }

    @Test
    void correctServerWritesAndReads() {
        Drive d = correct(Drive.io("w", ReqOp.WRITE, 8, 2), Drive.io("r", ReqOp.READ, 24, 1));
        d.runToEnd(300);
        assertEquals(8192, d.w.io(0).result());
        assertEquals(4096, d.w.io(1).result());
        assertEquals(List.of(), d.violated());
        assertTrue(Token.isData(d.w.backing().get(9)));
        assertEquals(Token.backing(24, 0), d.w.pages().get(2).tokens().get(0));
    }

    @Test
    void dispatchSetsTheBiasAndCommitDropsIt() {
        // ublk_init_req_ref at dispatch; ublk_sub_req_ref at COMMIT_AND_FETCH_REQ
        Drive d = correct(Drive.io("w", ReqOp.WRITE, 8, 1));
        d.step(Event.Submit.class);
        d.step(Event.AllocTag.class);
        d.step(Event.QueueRq.class);
        d.step(Event.TaskWork.class);
        assertEquals(IoSlot.REF_BIAS, d.w.queue(0).slots().get(0).ref());
        d.runToEnd(100);
        assertEquals(0, d.w.queue(0).slots().get(0).ref());
    }

    @Test
    void checksComeInOrderWithTheirErrnos() {
        IoSpec w = Drive.io("w", ReqOp.WRITE, 8, 1);
        // (2) q_id >= nr_hw_queues, tag >= queue_depth: -EINVAL
        assertEquals(-Errno.EINVAL, copyResult(script(w, new Action.UserCopy(1, 0, 0, 4096, false))));
        assertEquals(-Errno.EINVAL, copyResult(script(w, new Action.UserCopy(0, 2, 0, 4096, false))));
        // (3) refcount_inc_not_zero fails on a tag that holds no request: -EINVAL
        assertEquals(-Errno.EINVAL, copyResult(script(w, new Action.UserCopy(0, 1, 0, 4096, false))));
        // (4) buf_off > blk_rq_bytes: put and -EINVAL
        assertEquals(-Errno.EINVAL, copyResult(script(w, new Action.UserCopy(null, null, 8192, 512, false))));
        // (5) a pwrite into a WRITE request: put and -EACCES
        assertEquals(-Errno.EACCES, copyResult(script(w, new Action.UserCopy(null, null, 0, 4096, true))));
    }

    @Test
    void aCopyPastTheEndIsShort() {
        // ublk_copy_user_pages walks the request from buf_off and stops at its end
        Drive d = script(Drive.io("w", ReqOp.WRITE, 8, 1), new Action.UserCopy(null, null, 2048, 8192, false));
        assertEquals(2048, copyResult(d));
        assertEquals(List.of(), d.violated());
    }

    @Test
    void aCommitDuringACopyDefersCompletionToTheLastPut() {
        Drive d = new Drive(Drive.setup(Drive.config(Variant.USER_COPY, 1, 1, 16, 1), new ServerSpec.Adversarial(1, 0),
                Drive.io("w", ReqOp.WRITE, 8, 1)));
        while (!d.has(Event.WorkerStart.class)) {
            d.step(e -> !(e instanceof Event.Adversary));
        }
        d.step(Event.WorkerStart.class);
        assertEquals(IoSlot.REF_BIAS + 1, d.w.queue(0).slots().get(0).ref());
        d.step(e -> e instanceof Event.Adversary a && d.m.adversary.rogue(a.choice()).action() instanceof Action.Commit c
                && c.result() == 4096);
        assertEquals(Phase.DISPATCHED, d.w.io(0).phase());
        assertEquals(1, d.w.queue(0).slots().get(0).ref());
        Outcome.Next n = d.step(Event.CopyPages.class);
        assertEquals(1L, n.facts().get(Fact.LAST_PUT));
        assertEquals(Phase.COMPLETED, d.w.io(0).phase());
        assertEquals(4096, d.w.io(0).result());
        assertEquals(List.of(), d.violatedSafety());
    }

    @Test
    void abortWaitsForCopiesInFlight() {
        Drive d = new Drive(Drive.setupCrash(Drive.config(Variant.USER_COPY, 1, 1, 16, 1), new ServerSpec.Correct(0),
                Drive.io("w", ReqOp.WRITE, 8, 1)));
        while (!d.has(Event.WorkerStart.class)) {
            d.step(e -> !(e instanceof Event.Crash));
        }
        d.step(Event.WorkerStart.class);
        d.step(Event.Crash.class);
        assertTrue(d.m.enabled(d.w).stream().noneMatch(e -> e instanceof Event.Abort));
        d.step(Event.CopyPages.class);
        d.step(Event.Abort.class);
        assertEquals(-Errno.EIO, d.w.io(0).result());
        assertEquals(List.of(), d.violated());
    }
}
