package dev.ublklab.model;

/**
 * The taint rule ({@link Taint}) for the lifecycle's faults: a daemon crash and a ring close (and
 * everything they set going: cancel rounds, ublk_ch_release, the no-server work, the stop). A fault
 * taints exactly the IOs its own doing harms, by the design of ublk's no-server paths, so that
 * every-io-completes stays on for every other IO:
 *
 * <ul>
 *   <li>a request a no-server path ends with an error: __ublk_abort_rq without queue_io (6.14
 *       L1134-1142, 6.16 L1181-1189; from the dispatch task work in a dying task or the kworker,
 *       and from ublk_queue_rq seeing canceling), ublk_abort_queue's __ublk_fail_req without
 *       reissue (6.14 L1105-1114 and the ABORTED test of __ublk_complete_rq L1043-1046, 6.16
 *       L1676-1687), fail_io's BLK_STS_TARGET and force_abort's IOERR in ublk_queue_rq (6.14
 *       L1298-1300, L1316; 6.16 L1374, L1386), and a bio on the disk del_gendisk killed;</li>
 *   <li>an IO that waits for a server that cannot come any more (recovery off, or every recovery
 *       the scenario allows spent): every IO of a queue whose daemon is gone, and under queue_io an
 *       IO not started on a queue quiesced for that recovery (6.14 __ublk_quiesce_dev L1589-1598);</li>
 *   <li>a request the live server holds (OWNED_BY_SRV) on a tag whose ring the fault closed.</li>
 * </ul>
 *
 * A requeue (reissue, queue_io) harms nothing: the request must complete after recovery. Whether a
 * teardown ends every IO is teardown-completes' business, which taint does not excuse; without any
 * fault nothing is tainted, so an error end on these paths is the kernel's.
 */
final class LcTaint {
    private LcTaint() {}

    /** Whether a lifecycle fault has fired: a crash, a ring close, or the scenario's STOP_DEV. */
    static boolean faulted(Lc x) {
        return x.tx.crashed() != 0 || x.dev(Life.D_RINGCLOSES) > 0 || x.dev(Life.D_STOPDEV) > 0;
    }

    /** A no-server path decided an error end of request {@code io}: the fault's doing. */
    static void harm(Lc x, int io) {
        if (faulted(x)) {
            Taint.io(x.tx, io);
        }
    }

    /**
     * After every lifecycle step: IOs that wait for a server that cannot come are the fault's, and
     * so is a request the live server holds on a tag whose ring the fault closed (its CQE went to a
     * ring nobody reads; only the server's exit, ublk_ch_release, would end it; if a later
     * recovery reissues it, it stays tainted).
     */
    static void waiting(Lc x) {
        if (!faulted(x)) {
            return;
        }
        LcSetup st = x.lc.setup;
        boolean noRecovery = st.recovery().stopDev() || x.dev(Life.D_RECOVERS) >= st.recover();
        for (int i = 0; i < x.lay.ios(); i++) {
            int q = x.queueOf(i);
            if (x.ended(i) || Taint.isIo(x.tx.tainted(), i)) {
                continue;
            }
            int k = x.daemonTask(q);
            boolean noServer = x.task(k) != Life.T_ALIVE;
            boolean parked = st.recovery().queueIo() && x.q(q, Life.Q_QUIESCED) > 0 && !x.started(i);
            if ((noServer || parked) && noRecovery || heldBehindClosedRing(x, i, q, k)) {
                Taint.io(x.tx, i);
            }
        }
    }

    private static boolean heldBehindClosedRing(Lc x, int io, int q, int k) {
        int t = x.rq(io, Life.R_TAG);
        if (t < 0 || !x.started(io) || x.task(k) != Life.T_ALIVE || !x.has(q, t, IoSlot.OWNED_BY_SRV)
                || x.ring(x.lay.ringOf(k, t), Life.G_STATE) == Life.RING_OPEN) {
            return false;
        }
        int s = x.io(q, t, Life.I_SRV);
        return s != Life.S_COMMIT1 && s != Life.S_COMMIT2 && s != Life.S_FETCH1 && s != Life.S_FETCH2;
    }
}
