package dev.ublklab.sim.check;

import dev.ublklab.model.FixedBuf;
import dev.ublklab.model.Flaw;
import dev.ublklab.model.IoSlot;
import dev.ublklab.model.IoState;
import dev.ublklab.model.Model;
import dev.ublklab.model.QueueState;
import dev.ublklab.model.RequestSlot;
import dev.ublklab.model.RfcPos;
import dev.ublklab.model.SpliceLoop;
import dev.ublklab.model.SrvOp;
import dev.ublklab.model.SrvTag;
import dev.ublklab.model.Worker;
import dev.ublklab.model.World;
import java.util.ArrayList;
import java.util.List;

/**
 * A state with its tags renamed: the tests' way of making a state the checker must treat as the
 * same one (the canonical form does its own renaming, in {@link CanonicalForm}).
 */
final class Renaming {
    private Renaming() {}

    /**
     * {@code w} with the tags of every queue renamed, {@code rename[q][old] = new}: every place the
     * state mentions a tag moves with it; IO ids are never renamed. Any renaming of a symmetric
     * setup gives a state the checker must treat as the same one.
     */
    static World rename(Model model, World w, int[][] rename) {
        List<QueueState> queues = new ArrayList<>();
        for (int q = 0; q < w.queues().size(); q++) {
            queues.add(renameQueue(w.queue(q), q, rename));
        }
        List<IoState> ios = new ArrayList<>();
        for (int i = 0; i < w.ios().size(); i++) {
            IoState s = w.io(i);
            int q = model.setup().ios().get(i).queue();
            ios.add(s.tag() < 0 ? s : new IoState(s.phase(), rename[q][s.tag()], s.result(), s.done(), s.ends()));
        }
        List<Worker> workers = new ArrayList<>();
        for (Worker wk : w.workers()) {
            SrvOp r = wk.running();
            workers.add(r == null ? wk : new Worker(wk.queue(), retag(r, wk.queue(), rename), wk.pipe(), retag(wk.loop(), rename)));
        }
        List<Flaw> flaws = new ArrayList<>();
        for (Flaw f : w.flaws()) {
            flaws.add(CanonicalForm.tagged(f, rename) ? f.withTag(rename[f.queue()][f.tag()]) : f);
        }
        if (w.life() != null && !identity(rename)) {
            throw new IllegalArgumentException("lifecycle states are not renamed: their tags live in World.life");
        }
        return new World(ios, queues, w.pages(), w.backing(), workers, w.crashed(), w.adversary(), flaws, w.tainted(), w.life(),
                w.faults(), w.excused(), w.backingTaint());
    }

    private static boolean identity(int[][] rename) {
        for (int[] r : rename) {
            for (int t = 0; t < r.length; t++) {
                if (r[t] != t) {
                    return false;
                }
            }
        }
        return true;
    }

    private static QueueState renameQueue(QueueState qs, int q, int[][] renames) {
        int[] rename = renames[q];
        int d = rename.length;
        RequestSlot[] rqs = new RequestSlot[d];
        IoSlot[] slots = new IoSlot[d];
        SrvTag[] srv = new SrvTag[d];
        for (int t = 0; t < d; t++) {
            rqs[rename[t]] = qs.rqs().get(t);
            slots[rename[t]] = qs.slots().get(t);
            srv[rename[t]] = qs.srv().get(t);
        }
        List<SrvOp> ops = new ArrayList<>();
        for (SrvOp o : qs.ops()) {
            ops.add(retag(o, q, renames));
        }
        List<FixedBuf> bufs = new ArrayList<>();
        for (FixedBuf b : qs.bufs()) {
            bufs.add(b.queue() < renames.length && b.tag() < renames[b.queue()].length ? b.withTag(renames[b.queue()][b.tag()]) : b);
        }
        return new QueueState(List.of(rqs), List.of(slots), List.of(srv), ops, qs.dying(), qs.hint(), bufs);
    }

    /** Renames the owner tag (queue {@code own}) and any tag a position encodes, whatever queue it names. */
    private static SrvOp retag(SrvOp o, int own, int[][] renames) {
        SrvOp r = o;
        for (int q = 0; q < renames.length; q++) {
            r = r.withTags(q, q == own, renames[q]);
        }
        return r;
    }

    /** A splice loop's position encodes the tag it reads next (RFC ublk_pos). */
    private static SpliceLoop retag(SpliceLoop l, int[][] renames) {
        if (l == null) {
            return null;
        }
        int q = RfcPos.queue(l.pos());
        int t = RfcPos.tag(l.pos());
        if (q >= renames.length || t >= renames[q].length) {
            return l;
        }
        return new SpliceLoop(RfcPos.withTag(l.pos(), renames[q][t]), l.fileOff(), l.len(), l.bytes(), l.readLen());
    }
}
