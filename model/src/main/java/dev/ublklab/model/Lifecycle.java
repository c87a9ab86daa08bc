package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;
import java.util.ArrayList;
import java.util.List;

/**
 * The mainline lifecycle model (shared/docs/mainline-lifecycle.md), used instead of the simplified
 * kernel when a scenario's kernel version has the lifecycle behaviours. It owns the {@link Life}
 * part of the World; the client-visible IO states and blk-mq's driver-tag slots stay in the World's
 * ios and queues so that tag-exclusive, complete-once and every-io-completes read them as before.
 * Data movement is abstracted: the pages are not modelled here, only who may touch which object.
 */
public final class Lifecycle {
    final Model model;
    final LcSetup setup;
    final LcRules rules;
    final Life.Layout layout;

    Lifecycle(Model model, LcSetup setup) {
        this.model = model;
        this.setup = setup;
        this.rules = LcRules.of(model.config());
        Config c = model.config();
        int servers = 1 + setup.recover();
        this.layout = new Life.Layout(c.queues(), c.depth(), model.setup().ios().size(), setup.rings(), servers,
                c.queues() * c.depth() + 2);
        String no = refusal(model.setup());
        if (no != null) {
            throw new IllegalArgumentException(no);
        }
    }

    /** Why the lifecycle cannot run {@code s}, in one sentence, or null when it can (or {@code s} has no lifecycle). */
    public static String refusal(Setup s) {
        Config c = s.config();
        if (!c.has(Behaviour.MAINLINE_LIFECYCLE)) {
            return s.lifecycle() == null ? null : "lifecycle knobs need a kernel with the mainline lifecycle (6.14, 6.16), not "
                    + c.kernel().id();
        }
        if (!(s.server() instanceof ServerSpec.Correct)) {
            return "kernel " + c.kernel().id() + " (mainline lifecycle) runs the correct server only";
        }
        if (c.variant() != Variant.COPY && c.variant() != Variant.USER_COPY && c.variant() != Variant.ZERO_COPY) {
            return "kernel " + c.kernel().id() + " (mainline lifecycle) models copy, user-copy and zero-copy, not " + c.variant().id();
        }
        if (s.ios().size() > 30) {
            return "the lifecycle model takes at most 30 IOs";
        }
        return null;
    }

    public LcSetup setup() {
        return setup;
    }

    /** The initial lifecycle state: LIVE with every tag FETCHed, or ("fetch" setup) before any FETCH. */
    Life initial() {
        int[] v = new int[layout.size()];
        Lc x = new Lc(this, null, new Life(Sectors.of(v)));
        boolean live = !setup.fetchSetup();
        x.dev(Life.D_STATE, live ? Life.LIVE : Life.DEAD);
        x.dev(Life.D_OPEN, 1);
        x.dev(Life.D_DISK, live ? 1 : 0);
        x.dev(Life.D_USED, live ? 1 : 0);
        x.dev(Life.D_NRQREADY, live ? layout.queues() : 0);
        x.dev(Life.D_COMPL, live ? 1 : 0);
        for (int c = 0; c < layout.cmds(); c++) {
            x.cmd(c, Life.C_TWREQ, -1);
            x.cmd(c, Life.C_Q, 0);
        }
        for (int i = 0; i < layout.ios(); i++) {
            x.rq(i, Life.R_TAG, -1);
        }
        for (int r = 0; r < layout.ringCount(); r++) {
            x.ring(r, Life.G_PHASE, -1);
        }
        for (int q = 0; q < layout.queues(); q++) {
            int k = layout.taskOf(0, q);
            x.task(k, Life.T_ALIVE);
            for (int j = 0; j < layout.rings(); j++) {
                x.ring(k * layout.rings() + j, Life.G_STATE, Life.RING_OPEN);
            }
            x.q(q, Life.Q_DAEMON, live && !rules.perIoTask() ? k : -1);
            x.q(q, Life.Q_NRIOREADY, live ? layout.depth() : 0);
            for (int t = 0; t < layout.depth(); t++) {
                initialIo(x, q, t, k, live);
            }
        }
        return x.freeze();
    }

    private void initialIo(Lc x, int q, int t, int k, boolean live) {
        x.io(q, t, Life.I_CMD, -1);
        x.io(q, t, Life.I_TASK, -1);
        x.io(q, t, Life.I_REQ, -1);
        x.io(q, t, Life.I_CACHED, -1);
        x.io(q, t, Life.I_SRVR, -1);
        x.io(q, t, Life.I_BUF, -1);
        x.io(q, t, Life.I_SRV, live ? Life.S_WAIT : Life.S_NONE);
        if (live) {
            int c = q * layout.depth() + t;
            x.io(q, t, Life.I_FLAGS, IoSlot.ACTIVE);
            x.io(q, t, Life.I_CMD, c);
            x.io(q, t, Life.I_TASK, rules.perIoTask() ? k : -1);
            x.cmd(c, Life.C_STATE, Life.CANCELABLE);
            x.cmd(c, Life.C_RING, layout.ringOf(k, t));
            x.cmd(c, Life.C_TASK, k);
            x.cmd(c, Life.C_Q, q);
            x.cmd(c, Life.C_T, t);
        }
    }

    /** Every lifecycle event that can happen next, ordered by queue, tag, event kind, then the rest. */
    List<Event> enabled(World w) {
        Lc x = new Lc(this, new Tx(w, false), w.life());
        List<Event> out = new ArrayList<>();
        for (int q = 0; q < layout.queues(); q++) {
            enabledClient(w, x, q, out);
            for (int t = 0; t < layout.depth(); t++) {
                if (LcServer.enabled(x, q, t)) {
                    out.add(new Event.ServerStep(q, t));
                }
                if (x.io(q, t, Life.I_BUFSTATE) == Life.BUF_RELEASE_PENDING) {
                    out.add(new Event.BufRelease(q, t));
                }
            }
            int k = x.daemonTask(q);
            if (x.task(k) == Life.T_ALIVE && noMidPath(x, k)) {
                if (setup.crash().contains(q) && (w.crashed() & (1 << k)) == 0) {
                    out.add(new Event.Crash(q));
                }
                if (allDone(x, q)) {
                    out.add(new Event.ServerExit(q));
                }
            }
        }
        for (int c = 0; c < layout.cmds(); c++) {
            int k = x.cmd(c, Life.C_TASK);
            // A live submitter runs its task work only between syscalls: not inside its own SRV path.
            if (x.cmd(c, Life.C_TW) != Life.TW_NONE && (x.task(k) != Life.T_ALIVE || noMidPath(x, k))) {
                out.add(new Event.TaskWorkRun(c));
            }
        }
        boolean background = false;
        for (Event e : out) {
            background |= e instanceof Event.Internal;   // kernel work, kworkers, the server: anything but a stimulus
        }
        List<Event> rounds = new ArrayList<>();
        for (int r = 0; r < layout.ringCount(); r++) {
            LcCancel.Next n = LcCancel.next(x, r);
            if (n == LcCancel.Next.NEW_ROUND) {
                rounds.add(new Event.CancelStep(r));
            } else if (n != LcCancel.Next.WAIT) {
                out.add(new Event.CancelStep(r));
                background = true;
            }
            if (x.ring(r, Life.G_STATE) == Life.RING_OPEN && x.task(layout.taskOfRing(r)) == Life.T_ALIVE
                    && x.dev(Life.D_RINGCLOSES) < setup.ringClose()) {
                out.add(new Event.RingClose(r));
            }
        }
        for (int op = 0; op < LcControl.OPS; op++) {
            if (LcControl.enabled(x, op)) {
                out.add(new Event.Control(op));   // the scenario's STOP_DEV is a stimulus, not kernel work
                background |= op != LcControl.STOP_DEV || x.dev(Life.D_STOPDEV) != 0;
            }
        }
        // Weak fairness by priority: `while (io_uring_try_cancel_requests(...)) cond_resched();`
        // (iou:2874) starts another round only when no other internal step (task work, ->queue_rq,
        // kworkers, control, the server, another ring's cancel call) can run: a round that repeats
        // with nothing else able to move is the livelock teardown-completes reports. The price: the
        // calls of a repeated round are not interleaved with other steps (the first round's are).
        if (!background) {
            out.addAll(rounds);
        }
        for (int i = 0; i < layout.ios(); i++) {
            if ((x.dev(Life.D_TIMEOUTS) < setup.timeout() || LcControl.timeoutActs(x, i)) && x.started(i)
                    && x.rq(i, Life.R_QR) == 0 && x.noQueueRq(model.queueOf(i))) {
                out.add(new Event.Timeout(i));
            }
        }
        return out;
    }

    private static boolean noMidPath(Lc x, int k) {
        for (int j = 0; j < x.lay.rings(); j++) {
            if (LcServer.midPath(x, k * x.lay.rings() + j)) return false;
        }
        return true;
    }

    /**
     * A correct server exits once it can serve none of its tags: the kernel aborted each of them
     * (UBLK_IO_RES_ABORT) or the ring the tag's commands go through is closed.
     */
    private static boolean allDone(Lc x, int q) {
        int k = x.daemonTask(q);
        for (int t = 0; t < x.lay.depth(); t++) {
            int s = x.io(q, t, Life.I_SRV);
            boolean ringOpen = x.ring(x.lay.ringOf(k, t), Life.G_STATE) == Life.RING_OPEN;
            if (s != Life.S_DONE && ringOpen) return false;
        }
        return true;
    }

    private void enabledClient(World w, Lc x, int q, List<Event> out) {
        // The client opens /dev/ublkbN once START_DEV added the disk; once teardown began, an IO
        // that was never submitted fails at once (no disk, or a dead one: LcDispatch.submit).
        boolean started = x.dev(Life.D_USED) != 0 || LcControl.teardownBegun(x);
        boolean earlierNew = false;
        for (int i = 0; i < layout.ios(); i++) {
            if (model.queueOf(i) != q) continue;
            IoState s = w.io(i);
            if (s.phase() == Phase.NEW) {
                if (started && afterDone(w, i) && !(model.setup().inOrder() && earlierNew)) {
                    out.add(new Event.Submit(i));
                }
                earlierNew = true;
            } else if (s.phase() == Phase.SUBMITTED && x.rq(i, Life.R_REQUEUED) == 0) {
                for (int t = 0; t < layout.depth(); t++) {
                    if (!w.queue(q).rqs().get(t).allocated()) {
                        out.add(new Event.AllocTag(i, q, t));
                    }
                }
            } else if ((s.phase() == Phase.ALLOCATED || s.phase() == Phase.DISPATCHED) && x.rq(i, Life.R_REQUEUED) == 0
                    && (x.rq(i, Life.R_QR) != 0 || (s.phase() == Phase.ALLOCATED && x.q(q, Life.Q_QUIESCED) == 0))) {
                out.add(new Event.QueueRq(q, s.tag(), i));
            }
        }
    }

    private boolean afterDone(World w, int i) {
        IoSpec spec = model.setup().ios().get(i);
        if (spec.after() == null) return true;
        return model.ended(w, model.setup().ioIndex(spec.after()));
    }

    /** Applies one lifecycle event (or Submit / AllocTag / QueueRq / Crash in a lifecycle World). */
    void step(Tx tx, World w, Event e) {
        Lc x = new Lc(this, tx, w.life());
        switch (e) {
            case Event.Submit s -> LcDispatch.submit(x, s.io());
            case Event.AllocTag a -> LcDispatch.allocTag(x, a.io(), a.queue(), a.tag());
            case Event.QueueRq r -> LcDispatch.queueRq(x, r.io());
            case Event.Crash c -> {
                int k = x.daemonTask(c.queue());
                tx.crashed(tx.crashed() | (1 << k));
                LcControl.exitTask(x, k);
            }
            case Event.ServerExit s -> LcControl.exitTask(x, x.daemonTask(s.queue()));
            case Event.ServerStep s -> LcServer.step(x, s.queue(), s.tag());
            case Event.BufRelease b -> LcServer.bufRelease(x, b.queue(), b.tag());
            case Event.TaskWorkRun t -> LcDispatch.taskWork(x, t.cmd());
            case Event.CancelStep c -> LcCancel.step(x, c.ring());
            case Event.RingClose r -> {
                x.dev(Life.D_RINGCLOSES, x.dev(Life.D_RINGCLOSES) + 1);
                LcControl.closeRing(x, r.ring());
            }
            case Event.Control c -> LcControl.step(x, c.op());
            case Event.Timeout t -> LcControl.timeout(x, t.io());
            default -> throw new IllegalStateException(e.type() + " is not a lifecycle event");
        }
        LcTaint.waiting(x);
        tx.life(x.freeze());
    }

    /**
     * The request (client IO) a lifecycle step reads or ends, for {@link Model#actsOn}, or -1 when
     * it acts on none (a FETCH, a ring, a queue, the device): a server step the request the
     * command reads (6.14 tags->rqs[t] L1831/L1416, 6.16 io->req L2108) or the buffer holds; a
     * task work the request it dispatches (6.16 pdu->req L1327, 6.14 the first of ubq->io_cmds
     * L1223-1232); a cancel call the request of the cancelled command's tag, or the first request
     * its ublk_abort_queue fails; a buffer release the request it was registered for; the requeue
     * work the first request it re-dispatches; 6.16's ublk_ch_release the first request it aborts.
     */
    int actsOn(World w, Event e) {
        Lc x = new Lc(this, new Tx(w, false), w.life());
        return switch (e) {
            case Event.ServerStep s -> LcServer.actsOn(x, s.queue(), s.tag());
            case Event.TaskWorkRun t -> {
                int c = t.cmd();
                if (x.cmd(c, Life.C_TW) == Life.TW_DISPATCH) {
                    yield x.cmd(c, Life.C_TWREQ);
                }
                yield lowest(x.q(x.cmd(c, Life.C_Q), Life.Q_IOCMDS));
            }
            case Event.CancelStep c -> LcCancel.actsOn(x, c.ring());
            case Event.BufRelease b -> x.io(b.queue(), b.tag(), Life.I_BUF);
            case Event.Control c -> switch (c.op()) {
                case LcControl.REQUEUE_WORK -> {
                    for (int i = 0; i < layout.ios(); i++) {
                        if (x.rq(i, Life.R_REQUEUED) != 0) yield i;
                    }
                    yield -1;
                }
                case LcControl.RELEASE -> {
                    if (rules.nosrvWork() || x.dev(Life.D_REL) != 0 || x.dev(Life.D_DISK) == 0) yield -1;
                    for (int q = 0; q < layout.queues(); q++) {
                        int i = LcCancel.firstAborted(x, q);
                        if (i >= 0) yield i;
                    }
                    yield -1;
                }
                default -> -1;
            };
            default -> -1;
        };
    }

    private static int lowest(int bits) {
        return bits == 0 ? -1 : Integer.numberOfTrailingZeros(bits);
    }

    /** no-use-after-free: null, or the first access after an object's lifetime ended. */
    static String useAfterFree(Life l) {
        int code = l.get(Life.D_UAF);
        if (code == 0) return null;
        return LcFlaw.values()[code - 1].text + " (queue " + l.get(Life.D_UAFQ) + ", tag " + l.get(Life.D_UAFT) + ")";
    }

    /** complete-once for io_uring commands: null, or which command slot completed twice. */
    static String commandTwice(Life l) {
        int c = l.get(Life.D_DBLCMD);
        return c == 0 ? null : "io_uring command in slot " + (c - 1) + " completed twice";
    }

    static String warned(Life l) {
        int code = l.get(Life.D_WARN);
        return code == 0 ? null : LcFlaw.values()[code - 1].text;
    }

    /**
     * Whether a cycle entered at {@code w} is teardown-completes' business: teardown began, or a
     * ring is being cancelled (every cancel round must terminate, recovery on or off).
     */
    boolean teardownBegun(World w) {
        Lc x = new Lc(this, new Tx(w, false), w.life());
        for (int r = 0; r < layout.ringCount(); r++) {
            if (x.ring(r, Life.G_STATE) == Life.RING_CLOSING) {
                return true;
            }
        }
        return LcControl.teardownBegun(x);
    }

    /**
     * teardown-completes at a state where nothing can move: null when teardown has not begun or has
     * completed (every IO ended, no ring still cancelling, DEL_DEV done), else what is left.
     */
    String teardownUnfinished(World w) {
        Lc x = new Lc(this, new Tx(w, false), w.life());
        if (!LcControl.teardownBegun(x)) return null;
        for (int i = 0; i < layout.ios(); i++) {
            if (!x.ended(i)) {
                return model.ioId(i) + " never ended (" + w.io(i).phase() + ") after teardown began";
            }
        }
        for (int r = 0; r < layout.ringCount(); r++) {
            if (x.ring(r, Life.G_STATE) == Life.RING_CLOSING) {
                return "ring " + r + " is still cancelling";
            }
        }
        return x.dev(Life.D_DELETED) != 0 ? null : "DEL_DEV did not complete (" + LcControl.NAMES[LcControl.DEL_DEV]
                + " stage " + x.dev(Life.D_DEL) + ", stop stage " + x.dev(Life.D_STOP) + ", release stage "
                + x.dev(Life.D_REL) + ")";
    }
}
