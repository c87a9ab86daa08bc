package dev.ublklab.sim.check;

import dev.ublklab.model.Flaw;
import dev.ublklab.model.IoSlot;
import dev.ublklab.model.Model;
import dev.ublklab.model.QueueState;
import dev.ublklab.model.RequestSlot;
import dev.ublklab.model.RfcPos;
import dev.ublklab.model.SrvOp;
import dev.ublklab.model.SrvTag;
import dev.ublklab.model.UserCopyPos;
import dev.ublklab.model.Worker;
import dev.ublklab.model.World;
import java.util.List;

/**
 * The order of each queue's tags in the canonical form ({@link CanonicalForm}): tag symmetry's
 * half of canonicalisation. Each tag gets a signature hash built from everything the state says
 * about it without its index (its request slot, io slot, server view, the multiset of server
 * operations issued for it, which flaws and which workers refer to it, and which positions
 * elsewhere name it); sorting the tags by signature gives {@code order[rank] = old tag} and its
 * inverse {@code rename[old] = rank}. Two tags with equal signatures are interchangeable: equal
 * signatures imply both are free and unreferenced (a referenced tag carries an IO, and IO ids are
 * never renamed), so the order between them cannot change the canonical form. Without tag
 * symmetry the order is the identity.
 *
 * <p>Signatures only order; they are not the form. Generations count relative to the tag's
 * request slot's current one, as in the form (see {@link CanonicalForm}).
 */
final class TagRanks {
    private static final long SEED = 0x6a09e667f3bcc908L;
    /** Marks of a position hashed without its tag: it names no tag in range, the operation's own tag, or another. */
    private static final int POS_NO_TAG = 1;
    private static final int POS_OWN_TAG = 2;
    private static final int POS_OTHER_TAG = 3;

    final boolean symTags;
    /** Positions on /dev/ublkcN name a queue and a tag (RFC and user-copy ublk_pos): signatures see them tag-free. */
    final boolean symPos;
    private final int queues;
    private final int depth;
    private final ThreadLocal<long[][]> scratch;

    TagRanks(Model model, boolean symTags) {
        this.symTags = symTags;
        this.symPos = symTags && model.config().variant() != dev.ublklab.model.Variant.COPY;
        this.queues = model.config().queues();
        this.depth = model.config().depth();
        this.scratch = ThreadLocal.withInitial(() -> new long[][] {new long[depth], new long[depth]});
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

    /** Fills {@code order[q][rank] = old tag} and {@code rename[q][old] = rank} for every queue of {@code w}. */
    void rank(World w, int[][] order, int[][] rename) {
        long[][] sc = scratch.get();
        for (int q = 0; q < queues; q++) {
            order(sc[0], sc[1], w, q, order[q]);
            for (int rank = 0; rank < depth; rank++) {
                rename[q][order[q][rank]] = rank;
            }
        }
    }

    /**
     * An operation's hash without its tag (the tag is accounted for by where it is summed). Its
     * generation counts as the distance from its owner tag's current generation.
     */
    private long op(SrvOp o, QueueState qs, int q) {
        long h = add(SEED, pair(o.kind().ordinal(),
                o.tag() >= 0 && o.tag() < qs.rqs().size() ? qs.rqs().get(o.tag()).generation() - o.gen() : o.gen()));
        h = add(h, symPos ? posKey(o, q) : o.pos());
        h = add(h, pair(o.len(), o.flagWord()));
        h = add(h, o.fileOff());
        return fmix(add(h, pair(o.state().ordinal(), o.res())));
    }

    /** Two ints as one long: one mix for both. */
    private static long pair(int a, int b) {
        return (long) a << 32 | (b & 0xffffffffL);
    }

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

    /** A position without its tag: the rest of it, and whether it names the operation's own tag (queue {@code q}). */
    private long posKey(SrvOp o, int q) {
        int t = target(o);
        if (t < 0) {
            return add(o.pos(), POS_NO_TAG);   // names no tag in range: nothing to rename
        }
        long free = o.kind() == SrvOp.Kind.SPLICE ? RfcPos.withTag(o.pos(), 0) : UserCopyPos.withTag(o.pos(), 0);
        return add(free, t == TagRef.of(q, o.tag()) ? POS_OWN_TAG : POS_OTHER_TAG);
    }

    /** The signature of tag {@code t} of queue {@code q}: everything the state says about it, but not its index. */
    private long tagSignature(long[] extra, World w, int q, int t) {
        QueueState qs = w.queue(q);
        RequestSlot rq = qs.rqs().get(t);
        IoSlot slot = qs.slots().get(t);
        SrvTag st = qs.srv().get(t);
        long h = add(SEED, pair(rq.io(), rq.state().ordinal()));
        // Ghost generations are only ever compared for equality within one tag (request-isolation,
        // a CQE's op against the server's view), so a tag's generations count relative to its
        // request slot's current one (see CanonicalForm).
        h = add(h, pair(rq.handled(), slot.flags()));
        h = add(h, pair(slot.ref(), slot.res()));
        h = add(h, pair(st.phase().ordinal() << 1 | (slot.taskWork() ? 1 : 0), st.io()));
        h = add(h, pair(st.io() >= 0 ? rq.generation() - st.gen() : 0, st.op().ordinal()));   // an idle server view holds no generation
        h = add(h, pair(st.sector(), st.bytes()));
        h = add(h, pair(st.done(), st.err()));
        h = add(h, pair(st.pc(), st.inflight()));
        h = add(h, pair(st.staged(), st.registered() ? 1 : 0));
        h = add(h, st.buf().contentHash());
        return fmix(add(h, extra[t]));
    }

    /**
     * Per tag of queue {@code q}, into {@code extra}: the multiset of its operations (a sum of
     * their hashes) and which flaws and workers refer to it. One pass over each list instead of
     * one per tag.
     */
    private void extras(long[] extra, World w, int q) {
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
     * The canonical order of queue {@code q}'s tags into {@code order}: {@code order[rank] = old
     * tag}. Insertion sort: depth is small, and it is stable, which makes the canonical World's own
     * order the identity (idempotence).
     */
    private void order(long[] sigs, long[] extra, World w, int q, int[] order) {
        if (!symTags) {
            for (int t = 0; t < depth; t++) {
                order[t] = t;
            }
            return;
        }
        extras(extra, w, q);
        for (int t = 0; t < depth; t++) {
            long s = tagSignature(extra, w, q, t);
            int k = t;
            while (k > 0 && Long.compareUnsigned(sigs[k - 1], s) > 0) {
                sigs[k] = sigs[k - 1];
                order[k] = order[k - 1];
                k--;
            }
            sigs[k] = s;
            order[k] = t;
        }
    }
}
