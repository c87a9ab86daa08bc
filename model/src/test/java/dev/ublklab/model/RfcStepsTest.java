package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every step of the rfc-v1 splice path, each against the line of the seed (RFC patch 4/4) or of
 * fs/splice.c (v6.1, with patches 1-3 of the series) it mirrors.
 */
class RfcStepsTest {
    private static final int D = SpliceFlags.DIRECT;
    private static final int R2R = SpliceFlags.READ_TO_READ;

    /** One IO whose plan is one explicit splice; depth 2 so that tag 1 exists but is free. */
    private static Drive script(IoSpec io, Action.Splice splice, int pipeSlots) {
        List<List<Action>> plans = new ArrayList<>();
        plans.add(List.of(splice, new Action.Commit(null)));
        Config c = Drive.config(Variant.RFC_V1, 1, 2, pipeSlots, 1);
        return new Drive(Drive.setup(c, new ServerSpec.Script(plans, 0), io));
    }

    /** Runs until the splice's CQE is posted and returns its result. */
    private static int spliceResult(Drive d) {
        while (true) {
            Outcome.Next n = d.step(e -> !(e instanceof Event.ReleasePages));
            if (n.event() instanceof Event.Cqe && n.facts().get(Fact.SQE) == Sqe.SPLICE) {
                return ((Long) n.facts().get(Fact.RES)).intValue();
            }
        }
    }

    private static Action.Splice splice(long off, int len, int flags) {
        return new Action.Splice(null, null, off, len, flags, null);
    }

    @Test
    void withoutSpliceFDirectTheProducerRefusesEperm() {
        // seed: "if (!(flags & SPLICE_F_DIRECT)) return -EPERM;" (READ_TO_READ alone still reaches it,
        // io_uring/splice.c patch 3/4 picks do_splice_direct_read_consumer for it)
        Drive d = script(Drive.io("r", ReqOp.READ, 8, 1), splice(0, 4096, R2R), 16);
        assertEquals(-Errno.EPERM, spliceResult(d));
    }

    @Test
    void withNeitherFlagDoSpliceRefusesTwoNonPipes() {
        // io_uring/splice.c (patch 3/4): neither DIRECT nor READ_TO_READ -> do_splice: -EINVAL
        Drive d = script(Drive.io("w", ReqOp.WRITE, 8, 1), splice(0, 4096, 0), 16);
        assertEquals(-Errno.EINVAL, spliceResult(d));
    }

    @Test
    void zeroLengthNeverReachesTheDriver() {
        // io_splice: "if (sp->len)" guards the call; the seed's "|| !len" -EACCES is unreachable
        Drive d = script(Drive.io("w", ReqOp.WRITE, 8, 1), splice(0, 0, D), 16);
        assertEquals(0, spliceResult(d));
        assertEquals(0, d.w.queue(0).rqs().get(0).handled());
    }

    @Test
    void aQueueOrTagOutOfRangeIsEinval() {
        // seed: "if (q_id >= ub->dev_info.nr_hw_queues) return -EINVAL;" / "if (tag >= ubq->q_depth)"
        Drive q = script(Drive.io("w", ReqOp.WRITE, 8, 1), new Action.Splice(1, 0, 0, 4096, D, null), 16);
        assertEquals(-Errno.EINVAL, spliceResult(q));
        Drive t = script(Drive.io("w", ReqOp.WRITE, 8, 1), new Action.Splice(0, 2, 0, 4096, D, null), 16);
        assertEquals(-Errno.EINVAL, spliceResult(t));
    }

    @Test
    void aTagWithoutAStartedRequestIsEinval() {
        // seed: "if (!req || !blk_mq_request_started(req)) return -EINVAL;" (tag 1 is free)
        Drive d = script(Drive.io("w", ReqOp.WRITE, 8, 1), new Action.Splice(0, 1, 0, 4096, D, null), 16);
        assertEquals(-Errno.EINVAL, spliceResult(d));
    }

    @Test
    void handledCountsAskedBytesBeforeTheTest() {
        // seed: "if (atomic_add_return(len, &data->handled) > blk_rq_bytes(req) || !len) return -EACCES;"
        List<List<Action>> plans = new ArrayList<>();
        plans.add(List.of(splice(0, 4096, D), splice(0, 4096, D), new Action.Commit(null)));
        Drive d = new Drive(Drive.setup(Drive.config(Variant.RFC_V1, 1, 1, 16, 1), new ServerSpec.Script(plans, 0),
                Drive.io("w", ReqOp.WRITE, 8, 1)));
        assertEquals(4096, spliceResult(d));
        assertEquals(-Errno.EACCES, spliceResult(d));
        assertEquals(8192, d.w.queue(0).rqs().get(0).handled());
    }

    @Test
    void aRangePastTheRequestIsEinvalAfterTheHandledAdd() {
        // seed: ret = -EINVAL; "if (buf_offset + len > blk_rq_bytes(req)) goto exit;"
        Drive d = script(Drive.io("w", ReqOp.WRITE, 8, 2), splice(4096, 8192, D), 16);
        assertEquals(-Errno.EINVAL, spliceResult(d));
        assertEquals(8192, d.w.queue(0).rqs().get(0).handled());
    }

    @Test
    void theDirectionMustMatchReadToRead() {
        // seed: READ without SPLICE_F_READ_TO_READ, or non-READ with it: goto exit (-EINVAL)
        assertEquals(-Errno.EINVAL, spliceResult(script(Drive.io("r", ReqOp.READ, 8, 1), splice(0, 4096, D), 16)));
        assertEquals(-Errno.EINVAL, spliceResult(script(Drive.io("w", ReqOp.WRITE, 8, 1), splice(0, 4096, D | R2R), 16)));
    }

    @Test
    void theWalkStartsInsideTheSegmentAtBufOffset() {
        // seed: "buf.offset += buf_offset; buf.len -= buf_offset;" then add_to_pipe; *ppos += done
        Drive d = script(Drive.io("w", ReqOp.WRITE, 8, 1), splice(1024, 3072, D), 16);
        while (!d.has(Event.SpliceRead.class)) {
            d.step(e -> true);
        }
        Outcome.Next n = d.step(Event.SpliceRead.class);
        assertEquals(3072L, n.facts().get(Fact.PUSHED));
        assertEquals(List.of(new PipeBuf(0, 1024, 3072)), d.worker(0).pipe().bufs());
        assertEquals(RfcPos.encode(0, 0, 4096), d.worker(0).loop().pos());
    }

    @Test
    void aFullPipeStopsTheWalkAndTheLoopGoesRound() {
        // add_to_pipe: pipe_full -> -EAGAIN, the walk breaks with done > 0; splice_direct_to_actor
        // limits each round to the free slots and calls the producer again
        Drive d = new Drive(Drive.setup(Drive.config(Variant.RFC_V1, 1, 1, 1, 1), new ServerSpec.Correct(0),
                Drive.io("w", ReqOp.WRITE, 8, 2)));
        d.runToEnd(200);
        long reads = d.trace.stream().filter(e -> e instanceof Event.SpliceRead).count();
        assertEquals(2, reads);
        assertEquals(8192, d.w.io(0).result());
        assertEquals(List.of(), d.violated());
    }

    @Test
    void readToReadSetsConsumedByReadAndTheConsumerClearsIt() {
        // seed: "if (flags & SPLICE_F_READ_TO_READ) pipe->consumed_by_read = true;"
        // patch 3/4 generic_file_splice_read: "if (consumer) { ...; pipe->consumed_by_read = false; }"
        Drive d = new Drive(Drive.setup(Drive.config(Variant.RFC_V1, 1, 1, 16, 1), new ServerSpec.Correct(0),
                Drive.io("r", ReqOp.READ, 8, 1)));
        while (!d.has(Event.SpliceRead.class)) {
            d.step(e -> true);
        }
        d.step(Event.SpliceRead.class);
        assertTrue(d.worker(0).pipe().consumedByRead());
        d.step(Event.SpliceConsume.class);
        assertEquals(Pipe.EMPTY, d.worker(0).pipe());
    }

    @Test
    void aLeftOverConsumedByReadPoisonsTheWorkerPipe() {
        // seed: "if (pipe->consumed_by_read) return -EINVAL;" -- checked before anything else
        Drive d = script(Drive.io("w", ReqOp.WRITE, 8, 1), splice(0, 4096, D), 16);
        d.w = d.w.withWorkers(List.of(new Worker(0, null, new Pipe(List.of(), true), null)));
        assertEquals(-Errno.EINVAL, spliceResult(d));
        assertTrue(d.violated().contains("clean-worker-pipe"));
        assertFalse(d.violated().contains("no-kernel-warn"));
    }

    @Test
    void aNonEmptyPipeAtTheStartWarns() {
        // splice_direct_to_actor: WARN_ON_ONCE(!pipe_empty(pipe->head, pipe->tail))
        Drive d = script(Drive.io("w", ReqOp.WRITE, 8, 1), splice(0, 4096, D), 16);
        d.w = d.w.withWorkers(List.of(new Worker(0, null, new Pipe(List.of(new PipeBuf(0, 0, 512)), false), null)));
        spliceResult(d);
        assertTrue(d.violated().contains("no-kernel-warn"));
        assertTrue(d.violated().contains("clean-worker-pipe"));
    }

    @Test
    void theSegmentWalkIgnoresLenAndWarns() {
        // seed: the rq_for_each_segment loop has no "done < len" bound; WARN_ON_ONCE(done > len)
        Drive d = script(Drive.io("w", ReqOp.WRITE, 8, 2), splice(0, 4096, D), 16);
        int res = spliceResult(d);
        assertEquals(8192, res);
        assertEquals(List.of("no-kernel-warn", "transfer-bounds"), d.violated());
    }

    @Test
    void spliceZcCopiesNothingAtDispatch() {
        // seed hunk @@ -480: "if (ubq->flags & UBLK_F_SPLICE_ZC) return rq_bytes;" in ublk_map_io
        Drive d = new Drive(Drive.setup(Drive.config(Variant.RFC_V1, 1, 1, 16, 1), new ServerSpec.Correct(0),
                Drive.io("w", ReqOp.WRITE, 8, 1)));
        d.step(Event.Submit.class);
        d.step(Event.AllocTag.class);
        d.step(Event.QueueRq.class);
        d.step(Event.TaskWork.class);
        assertTrue(Token.isStale(d.w.queue(0).srv().get(0).buf().get(0)));
    }

    @Test
    void queueRqResetsHandledForTheNextRequestOnTheTag() {
        // seed hunk @@ -858: atomic_set(&data->handled, 0); smp_wmb(); before blk_mq_start_request
        List<List<Action>> plans = new ArrayList<>();
        plans.add(List.of(splice(0, 4096, D), new Action.Commit(2048)));
        Drive d = new Drive(Drive.setup(Drive.config(Variant.RFC_V1, 1, 1, 16, 1), new ServerSpec.Script(plans, 0),
                Drive.io("w", ReqOp.WRITE, 8, 1)));
        spliceResult(d);
        assertEquals(4096, d.w.queue(0).rqs().get(0).handled());
        d.step(Event.Issue.class); // COMMIT 2048 of 4096: blk_update_request requeues the rest
        d.step(Event.AllocTag.class); // one queue: mq-deadline gave the driver tag back, the rest takes one again
        d.step(Event.QueueRq.class);
        assertEquals(0, d.w.queue(0).rqs().get(0).handled());
    }

    @Test
    void anEarlyStopReleasesThePipeAndReturnsWhatMoved() {
        // out_release: pipe_buf_release on each buffer; "if (!bytes) bytes = ret;"; done: head = tail = 0
        Drive d = new Drive(Drive.setup(Drive.config(Variant.RFC_V1, 1, 1, 2, 1), new ServerSpec.Correct(0),
                new IoSpec("w", ReqOp.WRITE, 0, 8, List.of(new Segment(0, 1024), new Segment(0, 1024),
                        new Segment(0, 1024), new Segment(0, 1024)), null)));
        int res = spliceResult(d);
        assertEquals(2048, res);
        assertEquals(Pipe.EMPTY, d.worker(0).pipe());
    }

    @Test
    void theSpliceRunsOnAWorkerConcurrentlyWithOtherSteps() {
        // IORING_OP_SPLICE always goes to io-wq: its steps interleave with dispatch of other tags
        Drive d = new Drive(Drive.setup(Drive.config(Variant.RFC_V1, 1, 2, 16, 1), new ServerSpec.Correct(0),
                Drive.io("w", ReqOp.WRITE, 8, 1), Drive.io("r", ReqOp.READ, 16, 1)));
        while (!d.has(Event.SpliceRead.class)) {
            d.step(e -> !(e instanceof Event.Submit && ((Event.Submit) e).io() == 1));
        }
        List<Event> en = d.m.enabled(d.w);
        assertTrue(en.stream().anyMatch(e -> e instanceof Event.Submit));
        assertTrue(en.stream().anyMatch(e -> e instanceof Event.SpliceRead));
    }

    @Test
    void offOutMinusOneDereferencesANullOffsetInTheConsumer() {
        // io_splice: poff_out = (sp->off_out == -1) ? NULL : &sp->off_out; patch 1/4 passes it to
        // do_splice_direct; rw_verify_area accepts NULL; iter_file_splice_write does ".pos = *ppos"
        Drive d = script(Drive.io("w", ReqOp.WRITE, 8, 1), new Action.Splice(null, null, 0, 4096, D, -1L), 16);
        while (!d.has(Event.SpliceConsume.class)) {
            d.step(e -> true);
        }
        d.step(Event.SpliceConsume.class);
        assertEquals(List.of("no-kernel-warn"), d.violated());
        assertTrue(d.m.enabled(d.w).stream().noneMatch(e -> e instanceof Event.SpliceRead || e instanceof Event.SpliceConsume));
    }
}
