package dev.ublklab.model;

/**
 * START_USER_RECOVERY and END_USER_RECOVERY with a second server (6.14 L2739-2860 A-STARTREC /
 * A-ENDREC, 6.16 L3177-3247 B-STARTREC / B-ENDREC). The new server opens /dev/ublkcN right after
 * START succeeds and FETCHes every tag; END waits for the completion its last FETCH fires.
 */
final class LcRecoveryFlow {
    private LcRecoveryFlow() {}

    static void start(Lc x) {
        x.dev(Life.D_RECOVERS, x.dev(Life.D_RECOVERS) + 1);
        if (x.rules.nosrvWork()) {
            if (x.dev(Life.D_NRQREADY) == 0) {   // L2774
                x.fact(Fact.RESULT, "-EINVAL");
                return;
            }
            for (int q = 0; q < x.lay.queues(); q++) {
                reinit(x, q);
            }
            x.dev(Life.D_NRQREADY, 0);
        }
        x.dev(Life.D_COMPL, 0);   // init_completion (6.14 L2805, 6.16 L3208)
        int gen = x.server() + 1;
        x.dev(Life.D_SERVER, gen);
        x.dev(Life.D_OPEN, 1);   // the new server's ublk_ch_open
        x.dev(Life.D_RELEASED, 0);
        x.dev(Life.D_REL, 0);
        x.dev(Life.D_CTRL, 1);
        for (int q = 0; q < x.lay.queues(); q++) {
            int k = x.lay.taskOf(gen, q);
            x.task(k, Life.T_ALIVE);
            for (int j = 0; j < x.lay.rings(); j++) {
                x.ring(k * x.lay.rings() + j, Life.G_STATE, Life.RING_OPEN);
            }
            for (int t = 0; t < x.lay.depth(); t++) {
                x.io(q, t, Life.I_SRV, Life.S_NONE);
            }
        }
    }

    /** 6.14 ublk_queue_reinit (L2739-2762). */
    private static void reinit(Lc x, int q) {
        int d = x.q(q, Life.Q_DAEMON);
        if (d < 0 || x.task(d) == Life.T_ALIVE) {
            x.warn(q, -1, LcFlaw.WARN_REINIT);
        }
        if (d < 0) {
            x.uaf(q, -1, LcFlaw.DAEMON_AFTER_PUT);   // put_task_struct(NULL) at L2748
        }
        x.q(q, Life.Q_NRIOREADY, 0);
        x.q(q, Life.Q_DAEMON, -1);
        x.q(q, Life.Q_TMOLATCH, 0);
        x.q(q, Life.Q_CANCELING, 0);
        for (int t = 0; t < x.lay.depth(); t++) {
            x.io(q, t, Life.I_FLAGS, 0);
            x.io(q, t, Life.I_CMD, -1);
            x.io(q, t, Life.I_CMDSTALE, 0);
        }
    }

    static void end(Lc x) {
        x.dev(Life.D_CTRL, 0);
        int st = x.dev(Life.D_STATE);
        if (st != Life.QUIESCED && st != Life.FAIL_IO) {
            x.fact(Fact.RESULT, "-EBUSY");
            return;
        }
        x.dev(Life.D_STATE, Life.LIVE);
        if (x.lc.setup.recovery().queueIo()) {
            LcControl.quiesceAll(x, -1);   // blk_mq_unquiesce_queue (6.14 L2841-2846)
        } else if (x.rules.nosrvWork()) {
            for (int q = 0; q < x.lay.queues(); q++) {
                x.q(q, Life.Q_FAILIO, 0);   // L2847-2854
            }
        }
        x.dev(Life.D_KICK, 1);
    }
}
