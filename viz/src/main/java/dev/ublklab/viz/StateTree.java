package dev.ublklab.viz;

import dev.ublklab.model.FixedBuf;
import dev.ublklab.model.IoSlot;
import dev.ublklab.model.IoState;
import dev.ublklab.model.Model;
import dev.ublklab.model.Page;
import dev.ublklab.model.PipeBuf;
import dev.ublklab.model.QueueState;
import dev.ublklab.model.RequestSlot;
import dev.ublklab.model.Sectors;
import dev.ublklab.model.SrvTag;
import dev.ublklab.model.Token;
import dev.ublklab.model.Worker;
import dev.ublklab.model.World;

/**
 * A model state as a tree: queues (tags: request, io slot, server side; operations; registered
 * buffers), io-wq workers and their pipes, IOs, pages and the backing store. The words are those of
 * sim's StateText, so the tree and the text agree.
 */
final class StateTree {
    /** Pages and sectors listed one per row up to this many; the rest are summed up in one row. */
    private static final int ROWS = 64;

    private StateTree() {}

    static StateNode.Builder of(Model m, World w) {
        StateNode.Builder root = new StateNode.Builder("state");
        StateNode.Builder queues = root.add("queues");
        for (int q = 0; q < w.queues().size(); q++) {
            queue(m, w.queue(q), queues.add("queue " + q + (w.queue(q).dying() ? " (daemon dying)" : "")));
        }
        StateNode.Builder workers = root.add("io-wq workers and pipes");
        for (int k = 0; k < w.workers().size(); k++) {
            Worker wk = w.workers().get(k);
            StateNode.Builder n = workers.add("worker " + k + " (queue " + wk.queue() + "): "
                    + (wk.running() == null ? "idle" : wk.running().kind() + " for tag " + wk.running().tag()));
            StateNode.Builder pipe = n.add("pipe: " + wk.pipe().bufs().size() + " buffer(s)"
                    + (wk.pipe().consumedByRead() ? ", consumed_by_read" : ""));
            for (PipeBuf pb : wk.pipe().bufs()) {
                pipe.add("page " + pb.page() + " +" + pb.offset() + " len " + pb.len());
            }
        }
        StateNode.Builder ios = root.add("IOs");
        for (int i = 0; i < w.ios().size(); i++) {
            IoState s = w.io(i);
            ios.add(m.setup().ios().get(i).id() + ": " + s.phase()
                    + (s.phase() == IoState.Phase.COMPLETED || s.phase() == IoState.Phase.RELEASED ? " result " + s.result() : "")
                    + (s.phase() == IoState.Phase.RELEASED ? " (pages released)" : ""));
        }
        StateNode.Builder pages = root.add("pages (" + w.pages().size() + ")");
        for (int p = 0; p < Math.min(ROWS, w.pages().size()); p++) {
            Page pg = w.pages().get(p);
            pages.add("page " + p + ": " + (pg.released() ? "released" : "live") + ", data " + tokens(m, pg.tokens()));
        }
        StateNode.Builder back = root.add("backing store (" + w.backing().size() + " sectors)");
        for (int s = 0; s < Math.min(ROWS, w.backing().size()); s++) {
            back.add("sector " + s + ": " + Token.describe(w.backing().get(s), m.setup()));
        }
        root.add("crashes " + w.crashed() + ", adversary actions " + w.adversary() + ", flaws " + w.flaws().size());
        return root;
    }

    private static void queue(Model m, QueueState qs, StateNode.Builder n) {
        for (int t = 0; t < qs.rqs().size(); t++) {
            RequestSlot rq = qs.rqs().get(t);
            IoSlot slot = qs.slots().get(t);
            SrvTag st = qs.srv().get(t);
            StateNode.Builder tag = n.add("tag " + t + ": " + (rq.io() < 0 ? "free" : m.setup().ios().get(rq.io()).id()));
            tag.add("request: gen " + rq.generation() + " " + rq.state() + ", handled " + rq.handled());
            tag.add("io slot: " + IoSlot.describeFlags(slot.flags()) + (slot.taskWork() ? " task-work" : "")
                    + (slot.ref() != 0 ? " ref " + slot.ref() : ""));
            tag.add("server: " + st.phase());
        }
        n.add("in-flight operations: " + qs.ops().size());
        for (FixedBuf fb : qs.bufs()) {
            n.add("registered buffer " + (fb.slot() < 0 ? "(unregistered)" : "in slot " + fb.slot()) + ": tag " + fb.tag()
                    + " " + m.setup().ios().get(fb.io()).id() + (fb.write() ? " source" : " destination") + " len " + fb.len());
        }
    }

    private static String tokens(Model m, Sectors s) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Math.min(8, s.size()); i++) {
            b.append(i == 0 ? "" : " ").append(Token.describe(s.get(i), m.setup()));
        }
        return b.append(s.size() > 8 ? " ...]" : "]").toString();
    }
}
