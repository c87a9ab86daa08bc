package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server's negative COMMIT result reaches the client through blk_status: errno_to_blk_status
 * keeps the errnos of blk_errors[] and makes every other one BLK_STS_IOERR (-EIO); a FLUSH is the
 * client's fsync, which reads -EOPNOTSUPP as success (blkdev_fsync). Found by the fidelity
 * campaign's generator drawing -EFAULT/-EPERM/-EOPNOTSUPP commits; see Kernel.completeRq.
 */
class CommitErrnoTest {
    private static int clientResult(ReqOp op, int commit, Variant v) {
        IoSpec io = op == ReqOp.FLUSH ? new IoSpec("f", op, 0, 0, List.of(), null) : Drive.io("x", op, 0, 1);
        List<List<Action>> plans = new ArrayList<>();
        plans.add(List.of(new Action.Transfer(), new Action.Commit(commit)));
        Drive d = new Drive(Drive.setup(Drive.config(v, 1, 1, 16, 1), new ServerSpec.Script(plans, 0), io));
        for (int n = 0; n < 200 && !d.m.enabled(d.w).isEmpty(); n++) d.apply(d.m.enabled(d.w).getFirst());
        return d.w.ios().getFirst().result();
    }

    @Test
    void errnosOutsideBlkErrorsReadAsEio() {
        for (Variant v : List.of(Variant.COPY, Variant.USER_COPY)) {
            assertEquals(-5, clientResult(ReqOp.READ, -14, v));
            assertEquals(-5, clientResult(ReqOp.WRITE, -1, v));
            assertEquals(-28, clientResult(ReqOp.WRITE, -28, v));
            assertEquals(-22, clientResult(ReqOp.READ, -22, v));
            assertEquals(-95, clientResult(ReqOp.WRITE, -95, v));
        }
    }

    @Test
    void aFlushFailedWithEopnotsuppIsASuccessfulFsync() {
        assertEquals(0, clientResult(ReqOp.FLUSH, -95, Variant.COPY));
        assertEquals(-5, clientResult(ReqOp.FLUSH, -5, Variant.COPY));
        assertEquals(-5, clientResult(ReqOp.FLUSH, -14, Variant.COPY));
    }
}
