package dev.ublklab.model;

/**
 * The lifecycle switches one kernel version has (shared/docs/mainline-lifecycle.md §2.A / §2.B).
 * The lifecycle code reads these, never a version number; {@link #of(Config)} reads them off the
 * version's behaviours.
 *
 * @param llistDispatch   6.14: ublk_queue_rq adds the request to {@code ubq->io_cmds} and queues task
 *                        work on this tag's command only when the list was empty (L1242-1251);
 *                        6.16: one task work per request on its own tag's command (L1322-1329)
 * @param startBeforeCanceling 6.16: blk_mq_start_request (L1397) before the canceling test (L1417);
 *                        6.14: canceling (L1319) before the start (L1324)
 * @param cancelAborts    6.14: the cancel fn runs ublk_abort_requests and schedules nosrv_work
 *                        (L1530-1538); 6.16: ublk_start_cancel only (L1808-1809)
 * @param cancelSkipsStarted 6.16: ublk_cancel_cmd leaves a command whose tag's request is started
 *                        (L1760-1762)
 * @param abortByCachedRq 6.14: ublk_abort_queue aborts {@code tags->rqs[t]} of every !ACTIVE io and
 *                        sets ABORTED (L1432-1453); 6.16: every OWNED_BY_SRV io's {@code io->req},
 *                        completed whatever its reference (L1697-1707, L1676-1687)
 * @param perIoTask       6.16: {@code io->task} gates SRV, TW and cancel (L2212, L1287, L1805);
 *                        6.14: {@code ubq->ubq_daemon} (L1773, L1165, L1526)
 * @param nosrvWork       6.14: {@code ub->nosrv_work} (L1656-1685); 6.16: ublk_ch_release does it (L1553-1636)
 * @param resetFlagsOnLastFetch 6.16: the last FETCH clears CANCELED, canceling and fail_io (L1921-1936)
 * @param timeoutAborts   6.14: ublk_timeout aborts a dying daemon's idle queue (L1253-1289); 6.16 only
 *                        re-arms the timer (L1356-1367)
 * @param commitReqFromIo 6.16: COMMIT reads {@code io->req} (L2108); 6.14: {@code tags->rqs[t]} (L1831, L1416)
 * @param zeroCopy        6.16: REGISTER_IO_BUF / UNREGISTER_IO_BUF and ublk_io_release (L2007-2048)
 * @param stopCancelsDead both: ublk_stop_dev on a DEAD device still runs ublk_cancel_dev (6.14 L1640-1653)
 */
public record LcRules(boolean llistDispatch, boolean startBeforeCanceling, boolean cancelAborts,
                      boolean cancelSkipsStarted, boolean abortByCachedRq, boolean perIoTask, boolean nosrvWork,
                      boolean resetFlagsOnLastFetch, boolean timeoutAborts, boolean commitReqFromIo, boolean zeroCopy,
                      boolean stopCancelsDead) {
    /** The switches of {@code c}'s kernel version. */
    public static LcRules of(Config c) {
        return new LcRules(c.has(Behaviour.LLIST_DISPATCH), c.has(Behaviour.START_BEFORE_CANCELING),
                c.has(Behaviour.CANCEL_ABORTS_REQUESTS), c.has(Behaviour.CANCEL_SKIPS_STARTED),
                c.has(Behaviour.ABORT_BY_CACHED_RQ), c.has(Behaviour.PER_IO_TASK), c.has(Behaviour.NOSRV_WORK),
                c.has(Behaviour.RESET_FLAGS_ON_LAST_FETCH), c.has(Behaviour.TIMEOUT_ABORTS),
                c.has(Behaviour.COMMIT_REQ_FROM_IO), c.has(Behaviour.ZERO_COPY), c.has(Behaviour.STOP_CANCELS_DEAD));
    }
}
