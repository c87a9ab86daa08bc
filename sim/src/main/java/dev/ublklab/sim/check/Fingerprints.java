package dev.ublklab.sim.check;

import dev.ublklab.model.FixedBuf;
import dev.ublklab.model.Flaw;
import dev.ublklab.model.IoSlot;
import dev.ublklab.model.IoState;
import dev.ublklab.model.Model;
import dev.ublklab.model.Page;
import dev.ublklab.model.PipeBuf;
import dev.ublklab.model.QueueState;
import dev.ublklab.model.RequestSlot;
import dev.ublklab.model.RfcPos;
import dev.ublklab.model.UserCopyPos;
import dev.ublklab.model.Sectors;
import dev.ublklab.model.SpliceLoop;
import dev.ublklab.model.SrvOp;
import dev.ublklab.model.SrvTag;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import dev.ublklab.model.Worker;
import dev.ublklab.model.World;
import java.util.List;

/**
 * Explicit 64-bit fingerprints of canonical states, stable across JVM runs (only ints, enum
 * ordinals and String.hashCode, whose value the Java spec fixes, enter the mix; never
 * Object.hashCode).
 *
 * <p>Canonical form (ARCHITECTURE.md, States). Three reductions, all switched by {@code reduce}
 * and applied only where this class knows every place the state mentions a tag:
 * <ol>
 *   <li><b>Tag symmetry</b> (tag policy {@code any}): each tag of a queue gets a
 *   signature hash built from everything the state says about it without its index (its request
 *   slot, io slot, server view, the multiset of server operations issued for it, which flaws and
 *   which workers refer to it). Sorting the tags by signature gives a permutation old -> rank;
 *   every tag reference (IoState.tag, SrvOp.tag, Flaw.tag, Worker.running.tag) is renamed through
 *   it. Two tags with equal signatures are interchangeable: equal signatures imply both are free
 *   and unreferenced (a referenced tag carries an IO, and IO ids are never renamed), so the order
 *   between them cannot change the result.</li>
 *   <li><b>Operations as a multiset</b>: a queue's in-flight operations may execute and be reaped
 *   in any order, and their list position is only history, so they hash as a sum of mixed hashes
 *   and the canonical World sorts them.</li>
 *   <li><b>Dead hint</b>: sbitmap's hint is only read by the roundRobin policy; under any other
 *   policy it is set to 0.</li>
 * </ol>
 * The fingerprint is computed straight from the signatures, without building the canonical
 * World, so {@code of(w) == of(Canonicalizer.canonical(w))} by construction.
 *
 * <p>Positions. The RFC and user-copy variants encode a queue and a tag inside positions on
 * /dev/ublkcN ({@code ublk_pos}: splice and user-copy operations, a splice loop's next position).
 * A signature hashes a position without its tag, marked "names my own tag" or "names another",
 * and the tag a position names from elsewhere hashes that it is named; once every queue's ranks
 * are known, each reference to another tag is added by rank (a multiset
 * over the operations and the workers), and a splice loop's position is hashed with its tag
 * renamed. Positions that name no tag in range are hashed as they are. Zero copy gets no tag
 * symmetry: its server picks buffer slots by tag, so tags are interchangeable only together with
 * slots, which are not permuted yet (its other reductions apply).
 */
public final class Fingerprints {
    private static final long SEED = 0x6a09e667f3bcc908L;
    private final Model model;
    /** Per-thread scratch space and sector-hash cache: workers share one Fingerprints. */
    private final ThreadLocal<Scratch> scratch;
    final boolean symTags;
    final boolean opsMultiset;
    final boolean deadHint;
    /** Positions on /dev/ublkcN name a queue and a tag (RFC and user-copy ublk_pos): hashed tag-free, their targets by rank. */
    final boolean symPos;
    private final int queues;
    private final int depth;

    public Fingerprints(Model model, boolean reduce) {
        this.model = model;
        Variant v = model.config().variant();
        // Zero copy: the server picks buffer slots by tag (slot = tag in the correct server), so tags
        // are only interchangeable together with slots, which this class does not permute yet.
        // The lifecycle's state (World.life) names tags, command slots and rings in ways this class
        // does not rename: no tag symmetry there (its vector is hashed whole, see of()).
        this.symTags = reduce && v != Variant.ZERO_COPY && model.config().tagPolicy() == TagPolicy.ANY
                && model.lifecycle() == null;
        this.symPos = symTags && v != Variant.COPY;
        this.queues = model.config().queues();
        this.depth = model.config().depth();
        this.opsMultiset = reduce;
        this.deadHint = reduce && model.config().tagPolicy() != TagPolicy.ROUND_ROBIN;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(this.queues, this.depth));
    }

    /** Which reductions apply, for reports. */
    public String describe() {
        if (!opsMultiset) {
            return "none";
        }
        return (symTags ? "tag symmetry" + (symPos ? " (positions renamed)" : "") + ", " : "") + "operations as multiset"
                + (deadHint ? ", dead hint" : "");
    }

    static long add(long h, long v) {
        h ^= v * 0x9E3779B97F4A7C15L;
        return Long.rotateLeft(h, 29) * 0xBF58476D1CE4E5B9L;
    }

    /** murmur3's fmix64: spreads every input bit over the whole word. */
    static long fmix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /**
     * Scratch arrays. Sector vectors hash themselves once ({@link Sectors#contentHash}): a step
     * shares every page, buffer and backing vector it did not change.
     */
    private static final class Scratch {
        final long[] sigs;
        final long[] extra;
        final int[][] rename;

        Scratch(int queues, int depth) {
            sigs = new long[depth];
            extra = new long[depth];
            rename = new int[queues][depth];
        }

        long sectors(Sectors s) {
            return s.contentHash();   // computed once per vector and shared by every state holding it
        }
    }

    /** A vector's hash (see {@link Sectors#contentHash}). */
    static long sectors(Sectors s) {
        return s.contentHash();
    }

    /**
     * An operation's hash without its tag (the tag is accounted for by where it is summed). Its
     * ghost generation counts as the distance from its owner tag's current generation (see
     * tagSignature).
     */
    long op(SrvOp o, QueueState qs, int q) {
        long h = add(SEED, o.kind().ordinal());
        h = add(h, o.tag() >= 0 && o.tag() < qs.rqs().size() ? qs.rqs().get(o.tag()).generation() - o.gen() : o.gen());
        h = add(h, symPos ? posKey(o, q) : o.pos());
        h = add(h, o.len());
        h = add(h, o.fileOff());
        h = add(h, o.flagWord());
        h = add(h, o.state().ordinal());
        return fmix(add(h, o.res()));
    }

    /** Marks of a position hashed without its tag: it names no tag in range, the operation's own tag, or another. */
    private static final int POS_NO_TAG = 1;
    private static final int POS_OWN_TAG = 2;
    private static final int POS_OTHER_TAG = 3;

    /** The queue and tag a SPLICE / USER_* position names ({@link TagRef}), or {@link TagRef#NONE} when it names none in range. */
    private int target(SrvOp o) {
        if (!o.kind().onWorker()) {
            return TagRef.NONE;
        }
        boolean splice = o.kind() == SrvOp.Kind.SPLICE;
        int q = splice ? RfcPos.queue(o.pos()) : UserCopyPos.queue(o.pos());
        int t = splice ? RfcPos.tag(o.pos()) : UserCopyPos.tag(o.pos());
        return q < queues && t < depth ? TagRef.of(q, t) : TagRef.NONE;
    }

    /**
     * A position without its tag: the rest of it, and whether it names the operation's own tag
     * (queue {@code q}). Which other tag it names enters by rank, in {@link #crossRefs}.
     */
    private long posKey(SrvOp o, int q) {
        int t = target(o);
        if (t < 0) {
            return add(o.pos(), POS_NO_TAG);   // names no tag in range: nothing to rename
        }
        long free = o.kind() == SrvOp.Kind.SPLICE ? RfcPos.withTag(o.pos(), 0) : UserCopyPos.withTag(o.pos(), 0);
        return add(free, t == TagRef.of(q, o.tag()) ? POS_OWN_TAG : POS_OTHER_TAG);
    }

    /** The operation's reference to another tag (by rank), or 0 when it names its own tag or none. */
    private long crossRef(SrvOp o, QueueState qs, int q, int[][] rename, long where) {
        int t = target(o);
        if (t < 0 || t == TagRef.of(q, o.tag())) {
            return 0;
        }
        long h = add(op(o, qs, q), where);
        h = add(h, q);
        h = add(h, o.tag() >= 0 ? rename[q][o.tag()] : -1);
        h = add(h, TagRef.queue(t));
        return fmix(add(h, rename[TagRef.queue(t)][TagRef.tag(t)]));
    }

    /** Positions that name a tag other than their operation's own, renamed: a multiset over queues' operations and workers. */
    private long crossRefs(World w, int[][] rename) {
        long sum = 0;
        for (int q = 0; q < rename.length; q++) {
            QueueState qs = w.queue(q);
            for (SrvOp o : qs.ops()) {
                sum += crossRef(o, qs, q, rename, -1);
            }
        }
        for (int k = 0; k < w.workers().size(); k++) {
            Worker wk = w.workers().get(k);
            if (wk.running() != null) {
                sum += crossRef(wk.running(), w.queue(wk.queue()), wk.queue(), rename, k);
            }
        }
        return sum;
    }

    /** The signature of tag {@code t} of queue {@code q}: everything the state says about it, but not its index. */
    private long tagSignature(Scratch sc, World w, int q, int t) {
        QueueState qs = w.queue(q);
        RequestSlot rq = qs.rqs().get(t);
        IoSlot slot = qs.slots().get(t);
        SrvTag st = qs.srv().get(t);
        long h = add(SEED, rq.io());
        // Ghost generations are only ever compared for equality within one tag (request-isolation,
        // a CQE's op against the server's view), so a tag's generations count relative to its
        // request slot's current one. Without that, a server that makes a request requeue forever
        // (a zero-byte WRITE commit) would give an infinite state space of ever larger generations.
        h = add(h, rq.state().ordinal());
        h = add(h, rq.handled());
        h = add(h, slot.flags());
        h = add(h, slot.taskWork() ? 1 : 0);
        h = add(h, slot.ref());
        h = add(h, slot.res());
        h = add(h, st.phase().ordinal());
        h = add(h, st.io());
        h = add(h, st.io() >= 0 ? rq.generation() - st.gen() : 0);   // an idle server view holds no generation
        h = add(h, st.op().ordinal());
        h = add(h, st.sector());
        h = add(h, st.bytes());
        h = add(h, st.done());
        h = add(h, st.err());
        h = add(h, st.pc());
        h = add(h, st.inflight());
        h = add(h, st.staged() + (st.registered() ? 1 : 0));   // at most one is non-zero: staged is user copy's, registered zero copy's
        h = add(h, sc.sectors(st.buf()));
        if (symTags) {
            h = add(h, sc.extra[t]);
        }
        return fmix(h);
    }

    /**
     * Per tag of queue {@code q}, into {@code sc.extra}: the multiset of its operations (a sum of
     * their hashes) and which flaws and workers refer to it. One pass over each list instead of
     * one per tag.
     */
    private void extras(Scratch sc, World w, int q) {
        long[] extra = sc.extra;
        java.util.Arrays.fill(extra, 0);
        List<SrvOp> ops = w.queue(q).ops();
        for (int k = 0, n = ops.size(); k < n; k++) {
            SrvOp o = ops.get(k);
            if (o.tag() >= 0) { // -1: an adversarial action's operation, owned by no tag
                extra[o.tag()] += op(o, w.queue(q), q);
            }
        }
        List<Flaw> flaws = w.flaws();
        for (int k = 0, n = flaws.size(); k < n; k++) {
            Flaw f = flaws.get(k);
            if (f.queue() == q && f.tag() >= 0 && f.tag() < extra.length) {
                extra[f.tag()] = add(extra[f.tag()], k + 1);
            }
        }
        List<Worker> workers = w.workers();
        for (int k = 0, n = workers.size(); k < n; k++) {
            Worker wk = workers.get(k);
            if (wk.queue() == q && wk.running() != null && wk.running().tag() >= 0) {
                extra[wk.running().tag()] = add(extra[wk.running().tag()], -(k + 1));
            }
        }
        if (symPos) {
            // Positions that name one of this queue's tags from elsewhere: the named tag knows it, so
            // that two free tags differ when only one is named (the canonical order stays unique).
            for (int q2 = 0; q2 < queues; q2++) {
                QueueState qs2 = w.queue(q2);
                for (int k = 0, n = qs2.ops().size(); k < n; k++) {
                    incoming(extra, qs2.ops().get(k), qs2, q2, q, -1);
                }
            }
            for (int k = 0, n = workers.size(); k < n; k++) {
                Worker wk = workers.get(k);
                if (wk.running() != null) {
                    incoming(extra, wk.running(), w.queue(wk.queue()), wk.queue(), q, k);
                }
            }
        }
    }

    /** Adds to the signature of the tag of queue {@code q} that {@code o} names, unless it is o's own or none. */
    private void incoming(long[] extra, SrvOp o, QueueState qs, int ownQ, int q, long where) {
        int t = target(o);
        if (t < 0 || TagRef.queue(t) != q || t == TagRef.of(ownQ, o.tag())) {
            return;
        }
        extra[TagRef.tag(t)] += fmix(add(add(add(op(o, qs, ownQ), where), ownQ), o.tag() < 0 ? 0 : 1));
    }

    /**
     * The canonical order of queue {@code q}'s tags: {@code order[rank] = old tag}, and the
     * signatures in that order in {@code sigs}. Insertion sort: depth is small, and it is stable,
     * which makes the canonical World's own order the identity (idempotence).
     */
    private int[] order(Scratch sc, World w, int q, long[] sigs, int[] order) {
        int d = sigs.length;
        if (symTags) {
            extras(sc, w, q);
        }
        for (int t = 0; t < d; t++) {
            long s = tagSignature(sc, w, q, t);
            int k = t;
            while (symTags && k > 0 && Long.compareUnsigned(sigs[k - 1], s) > 0) {
                sigs[k] = sigs[k - 1];
                order[k] = order[k - 1];
                k--;
            }
            sigs[k] = s;
            order[k] = t;
        }
        return order;
    }

    /** old tag -> new tag for every queue: the identity without tag symmetry. */
    int[][] renaming(World w) {
        int[][] rename = new int[w.queues().size()][];
        for (int q = 0; q < rename.length; q++) {
            int[] order = order(scratch.get(), w, q, new long[depth], new int[depth]);
            rename[q] = new int[depth];
            for (int rank = 0; rank < depth; rank++) {
                rename[q][order[rank]] = rank;
            }
        }
        return rename;
    }

    /** The fingerprint of {@code w}'s canonical form. */
    public long of(World w) {
        Scratch sc = scratch.get();
        long h = SEED;
        int[][] rename = sc.rename;
        long[] sigs = sc.sigs;
        int[] order = new int[depth];
        for (int q = 0; q < rename.length; q++) {
            QueueState qs = w.queue(q);
            order(sc, w, q, sigs, order);
            for (int rank = 0; rank < depth; rank++) {
                rename[q][order[rank]] = rank;
                h = add(h, sigs[rank]);
            }
            h = add(h, qs.dying() ? 1 : 0);
            h = add(h, deadHint ? 0 : qs.hint());
            h = add(h, opsHash(qs, q));
        }
        h = add(h, rest(sc, w, rename));
        if (w.life() != null) {
            h = add(h, w.life().fingerprint());   // the simplified kernel's fingerprints stay as they were
        }
        if (symPos) {
            h = add(h, crossRefs(w, rename));
        }
        return fmix(h);
    }

    private long opsHash(QueueState qs, int q) {
        if (symTags) {
            // Owned operations are in their tag's signature; those of no tag (an adversarial
            // server's, tag -1) are a multiset of their own.
            long h = qs.ops().size();
            for (SrvOp o : qs.ops()) {
                if (o.tag() < 0) {
                    h += fmix(add(op(o, qs, q), -1));
                }
            }
            return h;
        }
        long h = qs.ops().size();
        for (SrvOp o : qs.ops()) {
            long x = add(op(o, qs, q), o.tag());
            h = opsMultiset ? h + fmix(x) : add(h, x);
        }
        return h;
    }

    /** A splice loop's position (RFC ublk_pos: the tag it reads next), its tag renamed when it names one in range. */
    private long loopPos(SpliceLoop l, int[][] rename) {
        int q = RfcPos.queue(l.pos());
        int t = RfcPos.tag(l.pos());
        return symPos && q < rename.length && t < rename[q].length ? RfcPos.withTag(l.pos(), rename[q][t]) : l.pos();
    }

    /**
     * Zero copy: a ring's registered buffer nodes in their order, each with its request's tag
     * renamed (the node may hold a request of another queue). Its ghost generation counts, like an
     * operation's, as the distance from its tag's current generation (see tagSignature).
     */
    static long bufs(World w, List<FixedBuf> bufs, int[][] rename) {
        long h = bufs.size();
        for (FixedBuf b : bufs) {
            boolean known = b.queue() < rename.length && b.tag() < rename[b.queue()].length;
            h = add(h, b.io());
            h = add(h, b.queue());
            h = add(h, known ? rename[b.queue()][b.tag()] : b.tag());
            h = add(h, known ? w.queue(b.queue()).rqs().get(b.tag()).generation() - b.gen() : b.gen());
            h = add(h, b.write() ? 1 : 0);
            h = add(h, b.base());
            h = add(h, b.len());
            h = add(h, b.slot());
            h = add(h, b.users());
        }
        return h;
    }

    /** Whether a flaw names a real tag of a real queue (a flaw may carry -1 where it has none). */
    static boolean tagged(Flaw f, int[][] rename) {
        return f.queue() >= 0 && f.queue() < rename.length && f.tag() >= 0 && f.tag() < rename[f.queue()].length;
    }

    /** IOs, pages, backing store, workers, crashes and flaws, with tag references renamed. */
    private long rest(Scratch sc, World w, int[][] rename) {
        long h = SEED;
        for (int i = 0; i < w.ios().size(); i++) {
            IoState s = w.io(i);
            h = add(h, s.phase().ordinal());
            h = add(h, s.tag() < 0 ? -1 : rename[model.queueOf(i)][s.tag()]);
            h = add(h, s.result());
            h = add(h, s.done());
            h = add(h, s.ends());
        }
        for (Page p : w.pages()) {
            h = add(h, p.released() ? 1 : 0);
            h = add(h, sc.sectors(p.tokens()));
        }
        h = add(h, sc.sectors(w.backing()));
        for (Worker wk : w.workers()) {
            h = add(h, wk.queue());
            SrvOp r = wk.running();
            h = add(h, r == null ? 0 : add(op(r, w.queue(wk.queue()), wk.queue()), r.tag() < 0 ? -1 : rename[wk.queue()][r.tag()]));
            SpliceLoop l = wk.loop();
            if (l != null) {
                h = add(add(add(add(add(h, loopPos(l, rename)), l.fileOff()), l.len()), l.bytes()), l.readLen());
            }
            h = add(h, wk.pipe().consumedByRead() ? 1 : 0);
            for (PipeBuf b : wk.pipe().bufs()) {
                h = add(add(add(h, b.page()), b.offset()), b.len());
            }
        }
        for (int q = 0; q < w.queues().size(); q++) {
            if (!w.queue(q).bufs().isEmpty()) { // no buffer, no term: fingerprints of the other variants stay as they were
                h = add(add(h, q), bufs(w, w.queue(q).bufs(), rename));
            }
        }
        h = add(h, w.crashed());
        h = add(h, w.adversary());
        if (w.tainted() != 0) {   // no term when nothing is tainted: fingerprints of earlier states stay as they were
            h = add(add(h, 0x7a1e7L), w.tainted());
        }
        if (w.faults() != 0 || w.excused() != 0) {   // injected faults (Fault): no term without any
            h = add(add(add(h, 0xfa017L), w.faults()), w.excused());
        }
        if (w.backingTaint() != 0) {   // sectors an adversary wrote (Taint): no term without any
            h = add(add(h, 0xbac4L), w.backingTaint());
        }
        for (Flaw f : w.flaws()) {
            h = add(h, f.invariant().hashCode());   // the public name and phrase: stable across runs, unlike an enum's hashCode
            h = add(h, f.queue());
            h = add(h, tagged(f, rename) ? rename[f.queue()][f.tag()] : f.tag());
            h = add(h, f.io());
            h = add(h, f.a());
            h = add(h, f.b());
            h = add(h, f.what().hashCode());
        }
        return h;
    }
}
