package dev.ublklab.sim;

import dev.ublklab.model.FixedBuf;
import dev.ublklab.model.IoSlot;
import dev.ublklab.model.IoState;
import dev.ublklab.model.Model;
import dev.ublklab.model.PipeBuf;
import dev.ublklab.model.QueueState;
import dev.ublklab.model.RequestSlot;
import dev.ublklab.model.SrvTag;
import dev.ublklab.model.Worker;
import dev.ublklab.model.World;

/** The parts of a model state a person looks at after a step: tag slots, handled, pipes, page owners. */
public final class StateText {
    private StateText() {}

    public static String describe(Model m, World w) {
        StringBuilder b = new StringBuilder();
        for (int q = 0; q < w.queues().size(); q++) {
            QueueState qs = w.queue(q);
            b.append("queue ").append(q).append(qs.dying() ? " (daemon dying)" : "").append('\n');
            for (int t = 0; t < qs.rqs().size(); t++) {
                RequestSlot rq = qs.rqs().get(t);
                IoSlot slot = qs.slots().get(t);
                SrvTag st = qs.srv().get(t);
                b.append("  tag ").append(t).append(": rq ").append(rq.io() < 0 ? "free" : m.setup().ios().get(rq.io()).id())
                        .append(" gen ").append(rq.generation()).append(' ').append(rq.state())
                        .append(" handled ").append(rq.handled())
                        .append(" | io slot ").append(IoSlot.describeFlags(slot.flags()))
                        .append(slot.taskWork() ? " task-work" : "").append(slot.ref() != 0 ? " ref " + slot.ref() : "")
                        .append(" | server ").append(st.phase()).append('\n');
            }
            b.append("  in-flight operations: ").append(qs.ops().size()).append('\n');
            for (FixedBuf fb : qs.bufs()) {
                b.append("  registered buffer ").append(fb.slot() < 0 ? "(unregistered)" : "in slot " + fb.slot())
                        .append(": q").append(fb.queue()).append(" tag ").append(fb.tag()).append(' ')
                        .append(m.setup().ios().get(fb.io()).id()).append(fb.write() ? " source" : " destination")
                        .append(" len ").append(fb.len()).append(fb.users() > 0 ? ", held by " + fb.users() + " operation(s)" : "")
                        .append('\n');
            }
        }
        for (int k = 0; k < w.workers().size(); k++) {
            Worker wk = w.workers().get(k);
            b.append("worker ").append(k).append(" (queue ").append(wk.queue()).append("): ")
                    .append(wk.running() == null ? "idle" : wk.running().kind() + " for tag " + wk.running().tag())
                    .append(", pipe ").append(wk.pipe().bufs().size()).append(" buffer(s)")
                    .append(wk.pipe().consumedByRead() ? ", consumed_by_read" : "");
            for (PipeBuf pb : wk.pipe().bufs()) {
                b.append(" [page ").append(pb.page()).append(" +").append(pb.offset()).append(" len ").append(pb.len()).append(']');
            }
            b.append('\n');
        }
        for (int i = 0; i < w.ios().size(); i++) {
            IoState s = w.io(i);
            b.append(m.setup().ios().get(i).id()).append(": ").append(s.phase())
                    .append(s.phase() == IoState.Phase.COMPLETED || s.phase() == IoState.Phase.RELEASED ? " result " + s.result() : "")
                    .append(s.phase() == IoState.Phase.RELEASED ? " (pages released)" : "").append('\n');
        }
        return b.toString();
    }
}
