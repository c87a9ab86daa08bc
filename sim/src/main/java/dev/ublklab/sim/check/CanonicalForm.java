package dev.ublklab.sim.check;

import dev.ublklab.model.FixedBuf;
import dev.ublklab.model.Flaw;
import dev.ublklab.model.IoSlot;
import dev.ublklab.model.IoState;
import dev.ublklab.model.Model;
import dev.ublklab.model.Page;
import dev.ublklab.model.Pipe;
import dev.ublklab.model.PipeBuf;
import dev.ublklab.model.QueueState;
import dev.ublklab.model.RequestSlot;
import dev.ublklab.model.RfcPos;
import dev.ublklab.model.Sectors;
import dev.ublklab.model.SpliceLoop;
import dev.ublklab.model.SrvOp;
import dev.ublklab.model.SrvTag;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.UserCopyPos;
import dev.ublklab.model.Variant;
import dev.ublklab.model.Worker;
import dev.ublklab.model.World;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The one canonical (symmetry-reduced) form of a state: the packed vector ({@link StateCodec}'s
 * layout) of the state's representative, written straight from the concrete state. The checker's
 * fingerprint is a hash of this vector ({@link Fingerprints}) and the canonical World is this
 * vector decoded ({@link Canonicalizer}), so the two cannot disagree: equal fingerprints mean equal
 * canonical Worlds, up to 64-bit collisions. {@code CanonicalFormTest} checks, for every state of
 * the bundled scenarios, that the vector written here is exactly the codec's encoding of the World
 * it decodes to (so this writer follows the codec's layout, field for field) and that states agree
 * on the fingerprint exactly when they agree on the canonical World.
 *
 * <p>The reductions (ARCHITECTURE.md, States), all switched by {@code reduce}:
 * <ol>
 *   <li><b>Tag symmetry</b> (tag policy {@code any}, not zero copy, not the lifecycle): each queue's
 *   tags are written in the order {@link TagRanks} gives, and every tag reference is renamed to its
 *   rank: IoState.tag, SrvOp.tag, Flaw.tag, FixedBuf.tag, a worker's running operation, and the tag
 *   inside positions on /dev/ublkcN (RFC and user-copy {@code ublk_pos}: splice and user-copy
 *   operations, a splice loop's next position). IO ids are never renamed.</li>
 *   <li><b>Operations as a multiset</b>: a queue's in-flight operations may execute and be reaped
 *   in any order, and their list position is only history, so they are written sorted.</li>
 *   <li><b>Dead hint</b>: sbitmap's hint is only read by the roundRobin policy; under any other
 *   policy it is written as 0.</li>
 * </ol>
 * And always: <b>relative generations</b>. Ghost generations are only ever compared for equality
 * within one tag (request-isolation, a CQE's operation against the server's view), so a request
 * slot's generation is written as 0 and every generation that refers to the tag (its server view's
 * while it holds an IO, its operations', its registered buffers') as the distance from it; an idle
 * server view's generation is written as 0. Without that, a server that makes a request requeue
 * forever (a zero-byte WRITE commit) would give an infinite state space of ever larger generations.
 *
 * <p>Zero copy gets no tag symmetry: its server picks buffer slots by tag, so tags are
 * interchangeable only together with slots, which are not permuted. The lifecycle's state
 * (World.life) names tags, command slots and rings in ways this form does not rename, so it gets
 * none either and its cells are written as they are.
 */
final class CanonicalForm {
    /** Where the form is written: a packed vector ({@link StateCodec.Ints}) or a running hash ({@link Fingerprints}). */
    interface Sink {
        void add(int v);

        /** A {@link Sectors} component (null allowed): the vector takes its tokens, a hash their content hash. */
        void sectors(Sectors s);
    }

    /** Every field of an operation, its (renamed) tag first: a total order, so the sorted list is canonical. */
    static final Comparator<SrvOp> OP_ORDER = CanonicalForm::compare;

    private static int compare(SrvOp a, SrvOp b) {
        int c = Integer.compare(a.tag(), b.tag());
        if (c == 0) {
            c = Integer.compare(a.kind().ordinal(), b.kind().ordinal());
        }
        if (c == 0) {
            c = Integer.compare(a.gen(), b.gen());
        }
        if (c == 0) {
            c = Long.compare(a.pos(), b.pos());
        }
        if (c == 0) {
            c = Integer.compare(a.len(), b.len());
        }
        if (c == 0) {
            c = Long.compare(a.fileOff(), b.fileOff());
        }
        if (c == 0) {
            c = Integer.compare(a.spliceFlags(), b.spliceFlags());
        }
        if (c == 0) {
            c = Integer.compare(a.node(), b.node());
        }
        if (c == 0) {
            c = Integer.compare(a.mark().ordinal(), b.mark().ordinal());
        }
        if (c == 0) {
            c = Integer.compare(a.state().ordinal(), b.state().ordinal());
        }
        return c != 0 ? c : Integer.compare(a.res(), b.res());
    }

    private final TagRanks ranks;
    final boolean opsMultiset;
    final boolean deadHint;
    private final Model model;
    private final int queues;
    private final int depth;
    private final ThreadLocal<int[][][]> scratch;

    CanonicalForm(Model model, boolean reduce) {
        this.model = model;
        Variant v = model.config().variant();
        this.ranks = new TagRanks(model, reduce && v != Variant.ZERO_COPY && model.config().tagPolicy() == TagPolicy.ANY
                && model.lifecycle() == null);
        this.opsMultiset = reduce;
        this.deadHint = reduce && model.config().tagPolicy() != TagPolicy.ROUND_ROBIN;
        this.queues = model.config().queues();
        this.depth = model.config().depth();
        this.scratch = ThreadLocal.withInitial(() -> new int[][][] {new int[queues][depth], new int[queues][depth]});
    }

    boolean symTags() {
        return ranks.symTags;
    }

    boolean symPos() {
        return ranks.symPos;
    }

    /** Writes the canonical form of {@code w} to {@code s}. */
    void write(World w, Sink s) {
        int[][][] sc = scratch.get();
        int[][] order = sc[0];
        int[][] rename = sc[1];
        ranks.rank(w, order, rename);
        s.add(w.ios().size());
        for (int i = 0; i < w.ios().size(); i++) {
            IoState io = w.io(i);
            s.add(e(io.phase()));
            s.add(io.tag() < 0 ? io.tag() : rename[model.queueOf(i)][io.tag()]);
            s.add(io.result());
            s.add(io.done());
            s.add(io.ends());
        }
        s.add(w.queues().size());
        for (int q = 0; q < w.queues().size(); q++) {
            queue(s, w, q, order[q], rename);
        }
        s.add(w.pages().size());
        for (Page p : w.pages()) {
            s.add(p.released() ? 1 : 0);
            s.sectors(p.tokens());
        }
        s.sectors(w.backing());
        s.add(w.workers().size());
        for (Worker wk : w.workers()) {
            worker(s, w, wk, rename);
        }
        s.add(w.crashed());
        s.add(w.adversary());
        s.add(w.flaws().size());
        for (Flaw f : w.flaws()) {
            s.add(e(f.kind()));
            s.add(f.queue());
            s.add(tagged(f, rename) ? rename[f.queue()][f.tag()] : f.tag());
            s.add(f.io());
            s.add(f.a());
            s.add(f.b());
        }
        wide(s, w.tainted());
        if (w.life() == null) {
            s.add(0);
        } else {
            s.add(1);
            s.sectors(w.life().cells());
        }
        s.add(w.faults());   // injected faults, per IO and per sector: IO ids and sectors are never renamed
        wide(s, w.excused());
        wide(s, w.backingTaint());
    }

    /** Whether a flaw names a real tag of a real queue (a flaw may carry -1 where it has none). */
    static boolean tagged(Flaw f, int[][] rename) {
        return f.queue() >= 0 && f.queue() < rename.length && f.tag() >= 0 && f.tag() < rename[f.queue()].length;
    }

    private void queue(Sink s, World w, int q, int[] order, int[][] rename) {
        QueueState qs = w.queue(q);
        s.add(depth);
        for (int rank = 0; rank < depth; rank++) {
            RequestSlot rq = qs.rqs().get(order[rank]);
            s.add(rq.io());
            s.add(0);   // the generation: everything that refers to it is written relative to it
            s.add(e(rq.state()));
            s.add(rq.handled());
        }
        s.add(depth);
        for (int rank = 0; rank < depth; rank++) {
            IoSlot slot = qs.slots().get(order[rank]);
            s.add(slot.flags());
            s.add(slot.taskWork() ? 1 : 0);
            s.add(slot.ref());
            s.add(slot.res());
        }
        s.add(depth);
        for (int rank = 0; rank < depth; rank++) {
            int t = order[rank];
            SrvTag st = qs.srv().get(t);
            s.add(e(st.phase()));
            s.add(st.io());
            s.add(st.io() >= 0 ? st.gen() - qs.rqs().get(t).generation() : 0);   // an idle server view holds no generation
            s.add(e(st.op()));
            s.add(st.sector());
            s.add(st.bytes());
            s.add(st.done());
            s.add(st.err());
            s.add(st.pc());
            s.add(st.inflight());
            s.add(st.staged());
            s.add(st.registered() ? 1 : 0);
            s.sectors(st.buf());
        }
        ops(s, w, q, rename);
        s.add(qs.dying() ? 1 : 0);
        s.add(deadHint ? 0 : qs.hint());
        s.add(qs.bufs().size());
        for (FixedBuf b : qs.bufs()) {
            boolean known = b.queue() < queues && b.tag() < depth;
            s.add(b.io());
            s.add(b.queue());
            s.add(known ? rename[b.queue()][b.tag()] : b.tag());
            s.add(known ? b.gen() - w.queue(b.queue()).rqs().get(b.tag()).generation() : b.gen());
            s.add(b.write() ? 1 : 0);
            s.add(b.base());
            s.add(b.len());
            s.add(b.slot());
            s.add(b.users());
        }
    }

    private void ops(Sink s, World w, int q, int[][] rename) {
        List<SrvOp> ops = w.queue(q).ops();
        int n = ops.size();
        s.add(n);
        if (n == 1 || !opsMultiset) {
            for (int k = 0; k < n; k++) {
                op(s, canonical(ops.get(k), w, q, rename));
            }
            return;
        }
        SrvOp[] sorted = new SrvOp[n];
        for (int k = 0; k < n; k++) {
            sorted[k] = canonical(ops.get(k), w, q, rename);
        }
        Arrays.sort(sorted, OP_ORDER);
        for (SrvOp o : sorted) {
            op(s, o);
        }
    }

    private void worker(Sink s, World w, Worker wk, int[][] rename) {
        s.add(wk.queue());
        if (wk.running() == null) {
            s.add(0);
        } else {
            s.add(1);
            op(s, canonical(wk.running(), w, wk.queue(), rename));
        }
        Pipe p = wk.pipe();
        if (p == null) {
            s.add(0);
        } else {
            s.add(1);
            s.add(p.bufs().size());
            for (PipeBuf b : p.bufs()) {
                s.add(b.page());
                s.add(b.offset());
                s.add(b.len());
            }
            s.add(p.consumedByRead() ? 1 : 0);
        }
        SpliceLoop l = wk.loop();
        if (l == null) {
            s.add(0);
        } else {
            s.add(1);
            int lq = RfcPos.queue(l.pos());
            int lt = RfcPos.tag(l.pos());
            wide(s, lq < queues && lt < depth ? RfcPos.withTag(l.pos(), rename[lq][lt]) : l.pos());
            wide(s, l.fileOff());
            wide(s, l.len());
            wide(s, l.bytes());
            wide(s, l.readLen());
        }
    }

    /**
     * Operation {@code o} of queue {@code q}'s daemon in canonical form: its owner tag renamed, the
     * tag its position names renamed (whatever queue it names), its generation relative to its
     * owner tag's current one. An adversarial operation (tag -1) keeps its generation.
     */
    private SrvOp canonical(SrvOp o, World w, int q, int[][] rename) {
        boolean owned = o.tag() >= 0 && o.tag() < depth;
        int tag = owned ? rename[q][o.tag()] : o.tag();
        int gen = owned ? o.gen() - w.queue(q).rqs().get(o.tag()).generation() : o.gen();
        long pos = o.pos();
        if (o.kind() == SrvOp.Kind.SPLICE && RfcPos.queue(pos) < queues && RfcPos.tag(pos) < depth) {
            pos = RfcPos.withTag(pos, rename[RfcPos.queue(pos)][RfcPos.tag(pos)]);
        } else if ((o.kind() == SrvOp.Kind.USER_READ || o.kind() == SrvOp.Kind.USER_WRITE)
                && UserCopyPos.queue(pos) < queues && UserCopyPos.tag(pos) < depth) {
            pos = UserCopyPos.withTag(pos, rename[UserCopyPos.queue(pos)][UserCopyPos.tag(pos)]);
        }
        return new SrvOp(o.kind(), tag, gen, pos, o.len(), o.fileOff(), o.spliceFlags(), o.node(), o.mark(), o.state(), o.res());
    }

    /** An operation as the codec lays a SrvOp out. */
    private static void op(Sink s, SrvOp o) {
        s.add(e(o.kind()));
        s.add(o.tag());
        s.add(o.gen());
        wide(s, o.pos());
        s.add(o.len());
        wide(s, o.fileOff());
        s.add(o.spliceFlags());
        s.add(o.node());
        s.add(e(o.mark()));
        s.add(e(o.state()));
        s.add(o.res());
    }

    /** A long as the codec lays it out: two ints, high word first. */
    private static void wide(Sink s, long v) {
        s.add((int) (v >>> 32));
        s.add((int) v);
    }

    /** An enum as the codec lays it out: ordinal + 1, 0 for null. */
    private static int e(Enum<?> v) {
        return v == null ? 0 : v.ordinal() + 1;
    }
}
