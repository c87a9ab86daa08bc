package dev.ublklab.model;

/**
 * Which IO an event acts on ({@link Model#actsOn}), for traces and viewers that draw causality:
 * the IO field of the events that carry one; for an operation's steps (execute, cqe, worker
 * start) the request it was issued for (its owner tag's, while the server still handles that
 * generation) or, for an adversarial or stale one, the request its position or buffer names; for
 * a worker's steps the same for the operation it runs, and for a splice consumer the IO whose
 * pages the pipe holds; for an adversarial action the request it names. A crash acts on a queue:
 * its facts name each IO it ends. The lifecycle's steps act on the request the kernel path reads
 * or ends ({@link Lifecycle#actsOn}); a ring close, a server's exit and a FETCH act on no request.
 */
final class ActsOn {
    private final Model m;

    ActsOn(Model m) {
        this.m = m;
    }

    int of(World w, Event e) {
        return switch (e) {
            case Event.Submit x -> x.io();
            case Event.ReleasePages x -> x.io();
            case Event.Crash x -> -1;
            case Event.AllocTag x -> x.io();
            case Event.QueueRq x -> x.io();
            case Event.TaskWork x -> x.io();
            case Event.Fetch x -> x.io();
            case Event.Issue x -> x.io();
            case Event.Abort x -> x.io();
            case Event.Execute x -> op(w, x.queue(), w.queue(x.queue()).ops().get(x.index()));
            case Event.Cqe x -> op(w, x.queue(), w.queue(x.queue()).ops().get(x.index()));
            case Event.WorkerStart x -> op(w, x.queue(), w.queue(x.queue()).ops().get(x.index()));
            case Event.SpliceRead x -> running(w, x.worker());
            case Event.CopyPages x -> running(w, x.worker());
            case Event.SpliceConsume x -> consumer(w, x.worker());
            case Event.Adversary x -> adversary(w, x);
            case Event.Timeout x -> x.io();
            // The lifecycle's own steps (World.life): the request each reads or ends (Lifecycle#actsOn).
            case Event.RingClose x -> -1;
            case Event.ServerExit x -> -1;
            case Event.ServerStep x -> lifecycle(w, x);
            case Event.TaskWorkRun x -> lifecycle(w, x);
            case Event.CancelStep x -> lifecycle(w, x);
            case Event.BufRelease x -> lifecycle(w, x);
            case Event.Control x -> lifecycle(w, x);
            case Event.DeadDisk x -> x.io();
        };
    }

    /** A lifecycle step's request; -1 in a run without the mainline lifecycle (6.12's control op 7). */
    private int lifecycle(World w, Event e) {
        return m.lifecycle() == null ? -1 : m.lifecycle().actsOn(w, e);
    }

    private int running(World w, int worker) {
        Worker wk = w.workers().get(worker);
        return wk.running() == null ? -1 : op(w, wk.queue(), wk.running());
    }

    /** The IO whose pages the worker's pipe holds (an early commit may have ended its request already). */
    private int consumer(World w, int worker) {
        Worker wk = w.workers().get(worker);
        if (!wk.pipe().bufs().isEmpty()) {
            return m.ioOfPage(wk.pipe().bufs().get(0).page());
        }
        return running(w, worker);
    }

    /** The request an operation of the daemon of {@code q} was issued for, or the one it names. */
    private int op(World w, int q, SrvOp op) {
        if (op.tag() >= 0) {
            SrvTag st = w.queue(q).srv().get(op.tag());
            if (st.phase() == SrvTag.Phase.WORKING && st.gen() == op.gen()) {
                return st.io();
            }
        }
        if (op.kind().onWorker()) {
            boolean splice = op.kind() == SrvOp.Kind.SPLICE;
            int tq = splice ? RfcPos.queue(op.pos()) : UserCopyPos.queue(op.pos());
            int tt = splice ? RfcPos.tag(op.pos()) : UserCopyPos.tag(op.pos());
            return request(w, tq, tt);
        }
        if (op.holdsNode()) {
            return w.queue(q).bufs().get(op.node()).io();
        }
        return -1;
    }

    private int request(World w, int q, int t) {
        return q < w.queues().size() && t < w.queue(q).rqs().size() ? w.queue(q).rqs().get(t).io() : -1;
    }

    private int adversary(World w, Event.Adversary e) {
        Adversary.Rogue r = m.adversary.rogue(e.choice());
        return switch (r.action()) {
            case Action.Splice x -> request(w, x.queue() != null ? x.queue() : e.queue(), x.tag() != null ? x.tag() : 0);
            case Action.UserCopy x -> request(w, x.queue() != null ? x.queue() : e.queue(), x.tag() != null ? x.tag() : 0);
            case Action.Commit x -> request(w, e.queue(), r.tag());
            case Action.Register x -> request(w, x.queue() != null ? x.queue() : e.queue(), x.tag() != null ? x.tag() : 0);
            case Action.Unregister x -> slotIo(w, e.queue(), x.slot());
            case Action.Fixed x -> slotIo(w, e.queue(), x.slot());
            case Action.Crash x -> -1;
            case Action.Transfer x -> -1;
            case Action.WaitFor x -> -1;
        };
    }

    /** The IO whose buffer sits in table slot {@code slot} of the daemon of {@code q}'s ring. */
    private static int slotIo(World w, int q, Integer slot) {
        for (FixedBuf b : w.queue(q).bufs()) {
            if (slot != null && b.slot() == slot) {
                return b.io();
            }
        }
        return -1;
    }
}
