package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;
import dev.ublklab.model.RequestSlot.RqState;

/**
 * blk-mq and dispatch: the driver tag, ublk_queue_rq in its steps (6.14 L1291-1328 §2.A A-QR,
 * 6.16 L1401-1424 §2.B B-QR), the dispatch task work (A-TW / B-TW) and ublk_dispatch_req
 * (A-DISPATCH 6.14 L1144-1221, B-DISPATCH 6.16 L1267-1311), and the requeue work.
 */
final class LcDispatch {
    private LcDispatch() {}

    /** submit_bio: a disk being deleted fails the bio before it becomes a request (bio_queue_enter). */
    static void submit(Lc x, int io) {
        if (x.dev(Life.D_DISK) == 0 || x.dev(Life.D_STOP) >= 2) {
            LcTaint.harm(x, io);
            x.endRq(io, -Errno.EIO);
            return;
        }
        x.tx.io(io, x.tx.io(io).with(Phase.SUBMITTED));
    }

    /** A driver tag for request {@code io}: at dispatch under a scheduler (mq:1833-1856), else at allocation. */
    static void allocTag(Lc x, int io, int q, int t) {
        RequestSlot slot = x.tx.q(q).rq(t);
        x.tx.q(q).rq(t, new RequestSlot(io, slot.generation() + 1, RqState.IDLE, 0));
        x.rq(io, Life.R_TAG, t);
        x.tx.io(io, x.tx.io(io).withTag(Phase.ALLOCATED, t));
    }

    /** One step of ublk_queue_rq for request {@code io}; R_QR says which. */
    static void queueRq(Lc x, int io) {
        int q = x.queueOf(io), t = x.rq(io, Life.R_TAG), stage = x.rq(io, Life.R_QR);
        if (x.rules.startBeforeCanceling()) {
            switch (stage) {
                case 0 -> {   // ublk_prep_req (L1369-1399): fail_io, force_abort, setup_iod, start
                    if (!prepChecks(x, io, q)) {
                        return;
                    }
                    start(x, io, q, t);
                    x.rq(io, Life.R_QR, 1);
                }
                case 1 -> {   // L1417: canceling is read after the start
                    if (x.q(q, Life.Q_CANCELING) != 0) {
                        x.rq(io, Life.R_QR, 0);
                        abortRq(x, io);
                    } else {
                        x.rq(io, Life.R_QR, 2);
                    }
                }
                default -> queueCmd(x, io, q, t);
            }
            return;
        }
        switch (stage) {
            case 0 -> {   // L1298-1319: fail_io, setup_iod, force_abort, then canceling, all before the start
                if (!prepChecks(x, io, q)) {
                    return;
                }
                if (x.q(q, Life.Q_CANCELING) != 0) {
                    abortRq(x, io);   // L1319-1322: R is never started on this path
                    return;
                }
                x.rq(io, Life.R_QR, 1);
            }
            case 1 -> {   // L1324 blk_mq_start_request
                start(x, io, q, t);
                x.rq(io, Life.R_QR, 2);
            }
            default -> queueCmd(x, io, q, t);
        }
    }

    /** fail_io → BLK_STS_TARGET; queue_io && force_abort → BLK_STS_IOERR: blk-mq ends the request. */
    private static boolean prepChecks(Lc x, int io, int q) {
        if (x.q(q, Life.Q_FAILIO) != 0) {
            LcTaint.harm(x, io);
            x.endRq(io, -121);   // BLK_STS_TARGET is -EREMOTEIO
            return false;
        }
        if (x.lc.setup.recovery().queueIo() && x.q(q, Life.Q_FORCEABORT) != 0) {
            LcTaint.harm(x, io);
            x.endRq(io, -Errno.EIO);
            return false;
        }
        return true;
    }

    /** blk_mq_start_request (mq:1349-1353): IN_FLIGHT and tags->rqs[R.tag] := R. */
    private static void start(Lc x, int io, int q, int t) {
        x.rq(io, Life.R_STATE, Life.IN_FLIGHT);
        x.io(q, t, Life.I_CACHED, io);
        RequestSlot slot = x.tx.q(q).rq(t);
        x.tx.q(q).rq(t, new RequestSlot(io, slot.generation(), RqState.IN_FLIGHT, 0));
        x.tx.io(io, x.tx.io(io).withTag(Phase.DISPATCHED, t));
    }

    /**
     * ublk_queue_cmd. 6.14 (L1242-1251): llist_add to ubq->io_cmds and, only when the list was empty,
     * task work on this tag's command. 6.16 (L1322-1329): pdu(io->cmd).req := R and task work on it.
     */
    private static void queueCmd(Lc x, int io, int q, int t) {
        x.rq(io, Life.R_QR, 0);
        if (x.rules.llistDispatch()) {
            int list = x.q(q, Life.Q_IOCMDS);
            x.q(q, Life.Q_IOCMDS, list | (1 << io));
            if (list == 0) {
                x.queueTw(x.ioCmd(q, t, LcFlaw.STALE_CMD_TW), q, t, Life.TW_FORWARD, -1);
            }
        } else {
            x.queueTw(x.ioCmd(q, t, LcFlaw.STALE_CMD_TW), q, t, Life.TW_DISPATCH, io);
        }
    }

    /** __ublk_abort_rq (6.14 L1134-1142, 6.16 L1181-1189): requeue without kick if queue_io, else IOERR. */
    static void abortRq(Lc x, int io) {
        if (x.lc.setup.recovery().queueIo()) {
            x.requeue(io, false);
        } else {
            LcTaint.harm(x, io);
            x.endRq(io, -Errno.EIO);
        }
    }

    /**
     * The task work on command {@code c} runs: in its submitter task if that task is alive, else in
     * the fallback kworker (iou:246-261, 1115-1117), where current is PF_EXITING or a kthread.
     */
    static void taskWork(Lc x, int c) {
        if (x.cmd(c, Life.C_TWSTALE) != 0) {
            x.uaf(x.cmd(c, Life.C_Q), x.cmd(c, Life.C_T), LcFlaw.TW_ON_FREED_CMD);
        }
        int cb = x.cmd(c, Life.C_TW), req = x.cmd(c, Life.C_TWREQ);
        x.cmd(c, Life.C_TW, Life.TW_NONE);
        x.cmd(c, Life.C_TWREQ, -1);
        x.cmd(c, Life.C_TWSTALE, 0);
        int task = x.cmd(c, Life.C_TASK);
        int current = x.task(task) == Life.T_ALIVE ? task : -1;
        x.fact(Fact.CONTEXT, current >= 0 ? "task " + task : "fallback kworker");
        if (cb == Life.TW_FORWARD) {
            // ublk_rq_task_work_cb → ublk_forward_io_cmds (L1223-1240): every request queued so far
            int q = x.cmd(c, Life.C_Q);
            int list = x.q(q, Life.Q_IOCMDS);
            x.q(q, Life.Q_IOCMDS, 0);
            for (int i = 0; i < 31; i++) {
                if ((list & (1 << i)) != 0) {
                    dispatch(x, i, current);
                }
            }
        } else {
            dispatch(x, req, current);   // ublk_cmd_tw_cb (L1313-1320)
        }
    }

    /** ublk_dispatch_req / __ublk_rq_task_work for request {@code io} in context {@code current} (-1: exiting or kworker). */
    static void dispatch(Lc x, int io, int current) {
        int q = x.queueOf(io), t = x.rq(io, Life.R_TAG);
        if (!x.started(io) || t < 0) {
            x.uaf(q, t, LcFlaw.REQUEST_ENDED_TWICE);
            return;
        }
        int owner = x.rules.perIoTask() ? x.io(q, t, Life.I_TASK) : x.q(q, Life.Q_DAEMON);
        if (current < 0 || current != owner) {
            abortRq(x, io);   // 6.14 L1165-1168, 6.16 L1287-1290: io->cmd is not completed
            return;
        }
        if (x.needRef()) {
            x.rq(io, Life.R_REF, 1);   // ublk_init_req_ref (6.14 L1219, 6.16 L1235)
        }
        // ubq_complete_io_cmd (6.14 L1116-1130) / ublk_complete_io_cmd (6.16 L1151-1177)
        x.set(q, t, IoSlot.OWNED_BY_SRV);
        x.clear(q, t, IoSlot.ACTIVE);
        int c = x.ioCmd(q, t, LcFlaw.STALE_CMD_COMPLETED);
        if (x.rules.commitReqFromIo()) {
            x.io(q, t, Life.I_REQ, io);   // io->req overwrites io->cmd in the union (L1166)
        }
        if (c >= 0) {
            x.cmdDone(c, 0);
        }
    }

    /** blk_mq_requeue_work: the requeue list is dispatched again. */
    static void requeueWork(Lc x) {
        x.dev(Life.D_KICK, 0);
        for (int i = 0; i < x.lc.model.setup().ios().size(); i++) {
            x.rq(i, Life.R_REQUEUED, 0);
        }
    }
}
