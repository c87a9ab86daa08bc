package dev.ublklab.sim.check;

import static dev.ublklab.sim.check.Setups.io;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ublklab.model.Event;
import dev.ublklab.model.FixedBuf;
import dev.ublklab.model.Model;
import dev.ublklab.model.QueueState;
import dev.ublklab.model.Recovery;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import dev.ublklab.model.World;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Zero copy's fixed-buffer table is state: two states that differ only in a ring's registered
 * buffers (which slot, which request, its direction, length, users, ...) must never share a
 * fingerprint, or the checker would merge them and miss what follows from one of them.
 */
class ZeroCopyFingerprintTest {
    private static final Model MODEL = new Model(Setups.correct(
            new dev.ublklab.model.Config(1, 2, Variant.ZERO_COPY, 16, 1, 4096, 512, 65536, TagPolicy.ANY, Recovery.OFF, 64, dev.ublklab.model.KernelVersion.SIMPLIFIED),
            0, io("r1", ReqOp.READ, 0), io("w1", ReqOp.WRITE, 8)));

    /** The first state on the way of the first enabled events in which r1's buffer is registered. */
    private static World registered() {
        World w = MODEL.initial();
        while (w.queue(0).bufs().isEmpty()) {
            Event e = MODEL.enabled(w).get(0);
            w = MODEL.step(w, e).world();
        }
        return w;
    }

    private static World withBufs(World w, List<FixedBuf> bufs) {
        QueueState q = w.queue(0);
        return new World(w.ios(), List.of(new QueueState(q.rqs(), q.slots(), q.srv(), q.ops(), q.dying(), q.hint(), bufs)),
                w.pages(), w.backing(), w.workers(), w.crashed(), w.adversary(), w.flaws());
    }

    @Test
    void statesDifferingOnlyInTheTableHaveDifferentFingerprints() {
        World w = registered();
        FixedBuf b = w.queue(0).bufs().get(0);
        List<World> variants = new ArrayList<>(List.of(w, withBufs(w, List.of()),
                withBufs(w, List.of(new FixedBuf(1, b.queue(), b.tag(), b.gen(), b.write(), b.base(), b.len(), b.slot(), b.users()))),
                withBufs(w, List.of(new FixedBuf(b.io(), b.queue() + 1, b.tag(), b.gen(), b.write(), b.base(), b.len(), b.slot(), b.users()))),
                withBufs(w, List.of(b.withTag(b.tag() + 1))),
                withBufs(w, List.of(new FixedBuf(b.io(), b.queue(), b.tag(), b.gen() + 1, b.write(), b.base(), b.len(), b.slot(), b.users()))),
                withBufs(w, List.of(new FixedBuf(b.io(), b.queue(), b.tag(), b.gen(), !b.write(), b.base(), b.len(), b.slot(), b.users()))),
                withBufs(w, List.of(new FixedBuf(b.io(), b.queue(), b.tag(), b.gen(), b.write(), b.base() + 512, b.len(), b.slot(), b.users()))),
                withBufs(w, List.of(new FixedBuf(b.io(), b.queue(), b.tag(), b.gen(), b.write(), b.base(), b.len() - 512, b.slot(), b.users()))),
                withBufs(w, List.of(b.withSlot(b.slot() + 1))),
                withBufs(w, List.of(b.withUsers(b.users() + 1))),
                withBufs(w, List.of(b, b.withSlot(b.slot() + 1)))));
        for (boolean reduce : new boolean[] {false, true}) {
            Fingerprints fp = new Fingerprints(MODEL, reduce);
            Set<Long> seen = new HashSet<>();
            for (World v : variants) {
                seen.add(fp.of(v));
            }
            assertEquals(variants.size(), seen.size(), "reduce=" + reduce + ": a table field is missing from the fingerprint");
        }
    }

    @Test
    void renamingTagsRenamesTheBufferAndKeepsTheRawFingerprintApart() {
        World w = registered();
        int tag = w.queue(0).bufs().get(0).tag();
        World renamed = Renaming.rename(MODEL, w, new int[][] {{1, 0}});
        assertEquals(1 - tag, renamed.queue(0).bufs().get(0).tag());
        assertNotEquals(new Fingerprints(MODEL, false).of(w), new Fingerprints(MODEL, false).of(renamed));
    }

    @Test
    void otherVariantsKeepTheirFingerprints() {
        // the copy variant's pinned golden (CanonicalizerTest) does not depend on the zero-copy table
        Model m = new Model(Setups.correct(Setups.copy(1), 0, io("r1", ReqOp.READ, 0)));
        assertEquals(0xb6fbb29b3bfeb295L, new Fingerprints(m, true).of(m.initial()));
        Setup s = MODEL.setup();
        assertEquals(List.of(), new Model(s).initial().queue(0).bufs());
    }
}
