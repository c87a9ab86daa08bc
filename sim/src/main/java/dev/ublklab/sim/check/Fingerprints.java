package dev.ublklab.sim.check;

import dev.ublklab.model.Model;
import dev.ublklab.model.Sectors;
import dev.ublklab.model.World;

/**
 * Explicit 64-bit fingerprints of states: a hash of the state's one canonical form
 * ({@link CanonicalForm}, the packed vector of its representative), stable across JVM runs (only
 * the vector's ints, which hold enum ordinals, and the content hashes of sector vectors enter the
 * mix; never Object.hashCode). The form is hashed as it is written, without building the
 * canonical World or the vector, so the checker's hot path allocates little; {@link Canonicalizer}
 * decodes the same form into a World, so {@code of(w) == of(Canonicalizer.canonical(w))} and
 * equal fingerprints mean equal canonical Worlds (up to collisions).
 *
 * <p>A sector vector enters as its length and its content hash ({@link Sectors#contentHash},
 * computed once per vector and shared by every state that holds it: a step shares every page,
 * buffer and backing vector it did not change) instead of its tokens.
 */
public final class Fingerprints {
    private static final long SEED = 0x6a09e667f3bcc908L;
    private final CanonicalForm form;
    private final ThreadLocal<Hash> hash = ThreadLocal.withInitial(Hash::new);
    final boolean symTags;
    final boolean opsMultiset;
    final boolean deadHint;
    final boolean symPos;

    public Fingerprints(Model model, boolean reduce) {
        this(new CanonicalForm(model, reduce));
    }

    Fingerprints(CanonicalForm form) {
        this.form = form;
        this.symTags = form.symTags();
        this.symPos = form.symPos();
        this.opsMultiset = form.opsMultiset;
        this.deadHint = form.deadHint;
    }

    /** Which reductions apply, for reports. */
    public String describe() {
        if (!opsMultiset) {
            return "none";
        }
        return (symTags ? "tag symmetry" + (symPos ? " (positions renamed)" : "") + ", " : "") + "operations as multiset"
                + (deadHint ? ", dead hint" : "");
    }

    /** The fingerprint of {@code w}'s canonical form. */
    public long of(World w) {
        Hash h = hash.get();
        h.h = SEED;
        h.odd = false;
        form.write(w, h);
        return TagRanks.fmix(h.odd ? TagRanks.add(h.h, h.pending) : h.h);
    }

    /**
     * A running hash of the form's ints, mixed two at a time (one long per mix halves the chain of
     * multiplications; the pairing is fixed by position, so it is still a function of the vector).
     */
    private static final class Hash implements CanonicalForm.Sink {
        long h;
        long pending;
        boolean odd;

        @Override
        public void add(int v) {
            if (odd) {
                h = TagRanks.add(h, pending << 32 | (v & 0xffffffffL));
            } else {
                pending = v;
            }
            odd = !odd;
        }

        @Override
        public void sectors(Sectors s) {
            if (s == null) {
                add(0);
                return;
            }
            add(s.size() + 1);
            long c = s.contentHash();
            add((int) (c >>> 32));
            add((int) c);
        }
    }
}
