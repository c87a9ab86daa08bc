package dev.ublklab.sim.check;

import static dev.ublklab.sim.check.Setups.io;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ublklab.model.Event;
import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Model;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import dev.ublklab.model.World;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Canonical form and fingerprints: invariance under tag renaming, idempotence, verdicts kept. */
class CanonicalizerTest {
    private static final List<IoSpec> IOS = List.of(io("r1", ReqOp.READ, 0, 0), io("w1", ReqOp.WRITE, 0, 8),
            io("r2", ReqOp.READ, 0, 8), io("w2", ReqOp.WRITE, 1, 16), io("r3", ReqOp.READ, 1, 16));

    /** Two queues, three tags each, READs and WRITEs out of order, chunked: rich per-tag state. */
    private static final Model MODEL = new Model(new Setup(Setups.copy(2, 3, TagPolicy.ANY), IOS,
            new ServerSpec.Correct(2048), List.of(), false));

    /**
     * Every variant whose positions name tags, with an adversarial server (splices and user copies
     * of any queue and tag, so positions that name another tag than their operation's own) and
     * with a correct chunked one.
     */
    private static final List<Model> POSITION_MODELS = List.of(
            new Model(new Setup(Setups.config(Variant.USER_COPY, 2, 3, TagPolicy.ANY), IOS, new ServerSpec.Adversarial(3, 2048), List.of(), false)),
            new Model(new Setup(Setups.config(Variant.USER_COPY, 2, 3, TagPolicy.ANY), IOS, new ServerSpec.Correct(2048), List.of(), false)),
            new Model(new Setup(Setups.config(Variant.RFC_V1, 2, 3, TagPolicy.ANY), IOS, new ServerSpec.Adversarial(3, 0), List.of(), false)),
            new Model(new Setup(Setups.config(Variant.RFC_FIXED, 2, 3, TagPolicy.ANY), IOS, new ServerSpec.Correct(2048), List.of(), false)),
            new Model(new Setup(Setups.config(Variant.RFC_FIXED, 2, 3, TagPolicy.ANY), IOS, new ServerSpec.Adversarial(3, 0), List.of(), false)));

    /**
     * Positions that name tags are renamed with them: the same fingerprint and verdicts.
     */
    @Property(tries = 500)
    void positionsNamingTagsAreRenamedToo(@ForAll long seed, @ForAll long permSeed) {
        Model m = POSITION_MODELS.get((int) Long.remainderUnsigned(seed >>> 40, POSITION_MODELS.size()));
        Canonicalizer c = new Canonicalizer(m, true);
        World w = walk(m, seed, (int) Long.remainderUnsigned(seed >>> 8, 60));
        int[][] rename = {permutation(permSeed, 3), permutation(permSeed + 1, 3)};
        World renamed = Renaming.rename(m, w, rename);
        assertEquals(c.fingerprints().of(w), c.fingerprints().of(renamed));
        assertEquals(c.fingerprints().of(w), c.fingerprints().of(c.canonical(w)));
        for (Invariant inv : Invariants.ALL) {
            assertEquals(inv.explain(m, w) == null, inv.explain(m, renamed) == null, inv.name());
        }
        assertEquals(m.enabled(w).size(), m.enabled(renamed).size());
    }

    /** A reachable state: a walk of {@code steps} steps whose choices come from {@code seed} (xorshift). */
    static World walk(Model m, long seed, int steps) {
        World w = m.initial();
        long x = seed | 1;
        for (int k = 0; k < steps; k++) {
            List<Event> en = m.enabled(w);
            if (en.isEmpty()) {
                break;
            }
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            w = m.step(w, en.get((int) Long.remainderUnsigned(x, en.size()))).world();
        }
        return w;
    }

    /** A permutation of 0..n-1 drawn from {@code seed} (Fisher-Yates with xorshift). */
    static int[] permutation(long seed, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        long x = seed * 0x9E3779B97F4A7C15L | 1;
        for (int i = n - 1; i > 0; i--) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            int j = (int) Long.remainderUnsigned(x, i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Property(tries = 300)
    void renamingTagsGivesTheSameCanonicalFormAndFingerprint(@ForAll long seed, @ForAll long permSeed) {
        Canonicalizer c = new Canonicalizer(MODEL, true);
        World w = walk(MODEL, seed, (int) Long.remainderUnsigned(seed >>> 8, 40));
        int[][] rename = {permutation(permSeed, 3), permutation(permSeed + 1, 3)};
        World renamed = Renaming.rename(MODEL, w, rename);
        assertEquals(c.canonical(w), c.canonical(renamed));
        assertEquals(c.fingerprints().of(w), c.fingerprints().of(renamed));
    }

    @Property(tries = 300)
    void canonicalFormIsIdempotentAndKeepsTheFingerprint(@ForAll long seed) {
        Canonicalizer c = new Canonicalizer(MODEL, true);
        World w = walk(MODEL, seed, (int) Long.remainderUnsigned(seed >>> 8, 40));
        World cw = c.canonical(w);
        assertEquals(cw, c.canonical(cw));
        assertEquals(c.fingerprints().of(w), c.fingerprints().of(cw));
    }

    @Property(tries = 300)
    void everyInvariantHasTheSameVerdictOnTheCanonicalForm(@ForAll long seed) {
        Canonicalizer c = new Canonicalizer(MODEL, true);
        World w = walk(MODEL, seed, (int) Long.remainderUnsigned(seed >>> 8, 40));
        World cw = c.canonical(w);
        for (Invariant inv : Invariants.ALL) {
            assertEquals(inv.explain(MODEL, w) == null, inv.explain(MODEL, cw) == null, inv.name());
        }
        assertEquals(Invariants.unfinished(MODEL, w) == null, Invariants.unfinished(MODEL, cw) == null);
        assertEquals(MODEL.enabled(w).size(), MODEL.enabled(cw).size());
    }

    /** Without reduction the fingerprint separates renamed states; with it, it does not. */
    @Test
    void rawFingerprintsSeeTagNames() {
        World w = walk(MODEL, 42, 12);
        World renamed = Renaming.rename(MODEL, w, new int[][] {{1, 2, 0}, {0, 1, 2}});
        Fingerprints raw = new Fingerprints(MODEL, false);
        if (!w.equals(renamed)) {
            assertNotEquals(raw.of(w), raw.of(renamed));
        }
        assertEquals(new Fingerprints(MODEL, true).of(w), new Fingerprints(MODEL, true).of(renamed));
    }

    /** The fingerprint is an explicit mix of the state's values: pinned so a change to it is a decision. */
    @Test
    void fingerprintIsStableAcrossRuns() {
        Model m = new Model(Setups.correct(Setups.copy(1), 0, io("r1", ReqOp.READ, 0)));
        long fp = new Fingerprints(m, true).of(m.initial());
        assertEquals(0xb6fbb29b3bfeb295L, fp, Long.toHexString(fp)); // moved: the hash of the one canonical form (CanonicalForm), with the fault counters (faults, excused, backingTaint)
    }

    /** Tag policies that read tag order (lowest, roundRobin) get no tag symmetry. */
    @Test
    void symmetryOnlyUnderPolicyAny() {
        IoSpec r = io("r1", ReqOp.READ, 0);
        assertEquals(true, new Fingerprints(new Model(Setups.correct(Setups.copy(1, 2, TagPolicy.ANY), 0, r)), true).symTags);
        assertEquals(false, new Fingerprints(new Model(Setups.correct(Setups.copy(1, 2, TagPolicy.LOWEST), 0, r)), true).symTags);
        assertEquals(false, new Fingerprints(new Model(Setups.correct(Setups.copy(1, 2, TagPolicy.ROUND_ROBIN), 0, r)), true).symTags);
    }
}
