package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;
import java.util.ArrayList;
import java.util.List;

/** Every invariant of MODEL.md §5, by its public name. */
public final class Invariants {
    private Invariants() {}

    private record Named(String name, Invariant.Kind kind, Check check, int reads, List<Part> split) implements Invariant {
        Named(String name, Invariant.Kind kind, Check check, int reads) {
            this(name, kind, check, reads, List.of(new Part(check, reads)));
        }

        @Override
        public String explain(Model m, World w) {
            return check.explain(m, w, null);
        }

        @Override
        public int parts() {
            return split.size();
        }

        @Override
        public String explain(Model m, World w, int part) {
            return split.get(part).check().explain(m, w, null);
        }

        @Override
        public String explain(Model m, World w, World before, int part) {
            return split.get(part).check().explain(m, w, before);
        }

        @Override
        public int reads(int part) {
            return split.get(part).reads();
        }
    }

    /** One independent part of a check and what it reads. */
    private record Part(Check check, int reads) {}

    private static final int FLAWS = World.FLAWS;
    private static final int IOS_PAGES = World.IOS | World.PAGES;

    @FunctionalInterface
    private interface Check {
        /** {@code before}: null, or a state where this check held (see {@link Invariant#explain(Model, World, World, int)}). */
        String explain(Model m, World w, World before);
    }

    /**
     * Whether IO {@code i}'s state (and, with {@code pages}, its buffer pages) are the very
     * objects they were in {@code before}, where the per-IO check held: then it still holds for i.
     */
    private static boolean unchanged(Model m, World w, World before, int i, boolean pages) {
        if (before == null || w.io(i) != before.io(i)) {
            return false;
        }
        if (!pages || w.pages() == before.pages()) {
            return true;
        }
        for (int p = m.pageOf(i, 0), end = m.pageOf(i, 0) + m.setup().ios().get(i).segments().size(); p < end; p++) {
            if (w.pages().get(p) != before.pages().get(p)) {
                return false;
            }
        }
        return true;
    }

    public static final String EVERY_IO_COMPLETES = "every-io-completes";
    /** Liveness of the mainline lifecycle: after the last server died (recovery off) or STOP_DEV, teardown ends. */
    public static final String TEARDOWN_COMPLETES = "teardown-completes";
    public static final String NO_USE_AFTER_FREE = "no-use-after-free";
    private static final int LIFE = World.LIFE;

    /**
     * The lifecycle model ({@link Lifecycle}) abstracts data movement: it has no pages or backing
     * data, so the page and data invariants are not judged on its states (they hold vacuously there).
     */
    private static Check pages(Check c) {
        return (m, w, b) -> w.life() != null ? null : c.explain(m, w, b);
    }

    /** All invariants in a fixed order: safety, correctness, liveness. */
    public static final List<Invariant> ALL = List.of(
            new Named("tag-exclusive", Invariant.Kind.SAFETY, (m, w, b) -> tagExclusive(m, w), World.IOS | World.QUEUES),
            new Named(Flaw.Rule.COMPLETE_ONCE.id(), Invariant.Kind.SAFETY, (m, w, b) -> completeOnce(m, w),
                    World.IOS | World.FLAWS | LIFE),
            flawNamed(Flaw.Rule.NO_PAGE_AFTER_RELEASE, Invariant.Kind.SAFETY),
            new Named(Flaw.Rule.NO_KERNEL_WARN.id(), Invariant.Kind.SAFETY, (m, w, b) -> w.life() != null
                    ? Lifecycle.warned(w.life()) : flaw(m, w, Flaw.Rule.NO_KERNEL_WARN), FLAWS | LIFE),
            new Named(NO_USE_AFTER_FREE, Invariant.Kind.SAFETY, (m, w, b) -> w.life() == null ? null
                    : Lifecycle.useAfterFree(w.life()), LIFE),
            flawNamed(Flaw.Rule.TRANSFER_BOUNDS, Invariant.Kind.SAFETY),
            new Named("no-stale-data-exposed", Invariant.Kind.SAFETY, pages(Invariants::noStale), IOS_PAGES),
            new Named("read-returns-backing-data", Invariant.Kind.CORRECTNESS, pages(Invariants::readReturnsBacking), IOS_PAGES),
            new Named("write-persists-exactly", Invariant.Kind.CORRECTNESS, pages((m, w, b) -> writePersists(m, w, b)),
                    World.IOS | World.BACKING, List.of(
                    new Part(pages((m, w, b) -> backingBelongs(m, w)), World.BACKING),
                    new Part(pages(Invariants::completedWritesPersist), World.IOS | World.BACKING))),
            flawNamed(Flaw.Rule.REQUEST_ISOLATION, Invariant.Kind.CORRECTNESS),
            flawNamed(Flaw.Rule.CLEAN_WORKER_PIPE, Invariant.Kind.CORRECTNESS),
            new Named(EVERY_IO_COMPLETES, Invariant.Kind.LIVENESS, (m, w, b) -> null, 0),
            new Named(TEARDOWN_COMPLETES, Invariant.Kind.LIVENESS, (m, w, b) -> null, 0));

    /** An invariant that fails in a state, and why. */
    public record Broken(Invariant invariant, String why) {}

    /**
     * The first of {@code checked} that fails in {@code w}, or null. {@code before}: null, or a
     * state where every one of them held and from which {@code w} was reached; a part whose
     * {@link Invariant#reads} did not change since then still holds and is not evaluated again.
     */
    public static Broken firstBroken(Model m, List<Invariant> checked, World w, World before) {
        int changed = before == null ? World.EVERYTHING : w.changed(before);
        for (Invariant inv : checked) {
            for (int p = 0, n = inv.parts(); p < n; p++) {
                if ((inv.reads(p) & changed) == 0) {
                    continue;
                }
                String why = inv.explain(m, w, before, p);
                if (why != null) {
                    return new Broken(inv, why);
                }
            }
        }
        return null;
    }

    /** The invariant with this name, or null. */
    public static Invariant byName(String name) {
        for (Invariant i : ALL) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (Invariant i : ALL) {
            out.add(i.name());
        }
        return out;
    }

    /** A history invariant: it holds while no flaw of its rule was recorded. */
    private static Named flawNamed(Flaw.Rule rule, Invariant.Kind kind) {
        return new Named(rule.id(), kind, (m, w, b) -> flaw(m, w, rule), FLAWS);
    }

    private static String flaw(Model m, World w, Flaw.Rule rule) {
        for (Flaw f : w.flaws()) {
            if (f.kind().rule() == rule) {
                return f.what() + " (queue " + f.queue() + ", tag " + f.tag() + ", io " + m.ioId(f.io()) + f.detail() + ")"
                        + (f.io() >= 0 && Taint.correctness(rule.id()) ? Taint.untainted(m, w, f.io()) : "");
            }
        }
        return null;
    }

    private static String tagExclusive(Model m, World w) {
        for (int q = 0; q < w.queues().size(); q++) {
            List<RequestSlot> rqs = w.queue(q).rqs();
            for (int t = 0; t < rqs.size(); t++) {
                int io = rqs.get(t).io();
                if (io >= 0) {
                    IoState s = w.io(io);
                    if (!s.holdsTag() || s.tag() != t || m.queueOf(io) != q) {
                        return "tag " + t + " of queue " + q + " carries " + m.ioId(io) + " which is " + s.phase()
                                + (s.tag() >= 0 ? " on tag " + s.tag() : "");
                    }
                }
            }
        }
        for (int i = 0; i < w.ios().size(); i++) {
            IoState s = w.io(i);
            if (s.holdsTag()) {
                int q = m.queueOf(i);
                int holder = w.queue(q).rqs().get(s.tag()).io();
                if (holder != i) {
                    return m.ioId(i) + " holds tag " + s.tag() + " of queue " + q + " but the tag carries " + m.ioId(holder);
                }
            }
        }
        return null;
    }

    private static String completeOnce(Model m, World w) {
        String cmd = w.life() == null ? null : Lifecycle.commandTwice(w.life());
        if (cmd != null) {
            return cmd;
        }
        for (int i = 0; i < w.ios().size(); i++) {
            if (w.io(i).ends() > 1) {
                return m.ioId(i) + " completed " + w.io(i).ends() + " times";
            }
        }
        return flaw(m, w, Flaw.Rule.COMPLETE_ONCE);
    }

    private static boolean exposesResult(Model m, World w, int i) {
        IoState s = w.io(i);
        return s.phase() == Phase.COMPLETED && s.result() > 0 && m.setup().ios().get(i).op() == ReqOp.READ;
    }

    private static String noStale(Model m, World w, World before) {
        for (int i = 0; i < w.ios().size(); i++) {
            if (exposesResult(m, w, i) && !unchanged(m, w, before, i, true)) {
                int[] tokens = m.data.ioTokens(w, i, w.io(i).result());
                for (int k = 0; k < tokens.length; k++) {
                    if (Token.isStale(tokens[k])) {
                        return "READ " + m.ioId(i) + " completed with " + w.io(i).result() + " but byte "
                                + (k * m.config().sectorSize()) + " holds " + Token.describe(tokens[k], m.setup());
                    }
                }
            }
        }
        return null;
    }

    /** A token that may legitimately stand at device sector {@code s}: its own backing content or a WRITE's data for it. */
    private static boolean belongs(Model m, int token, long s) {
        if (Token.isStale(token) || Token.isJunk(token) || Token.sector(token) != s) {
            return false;
        }
        return Token.isBacking(token) || m.writes(Token.io(token), s);
    }

    private static String readReturnsBacking(Model m, World w, World before) {
        int ss = m.config().sectorSize();
        for (int i = 0; i < w.ios().size(); i++) {
            IoSpec spec = m.setup().ios().get(i);
            if (exposesResult(m, w, i) && w.io(i).result() == m.bytes(i) && !judgedElsewhere(w, i)
                    && !unchanged(m, w, before, i, true)) {
                int[] tokens = m.data.ioTokens(w, i, m.bytes(i));
                for (int k = 0; k < tokens.length; k++) {
                    if (!belongs(m, tokens[k], spec.sector() + k) && !Taint.sector(m, w, spec.sector() + k)) {
                        return "READ " + m.ioId(i) + " returned " + Token.describe(tokens[k], m.setup())
                                + " for sector " + (spec.sector() + k) + " (byte " + (k * ss) + ")" + Taint.untainted(m, w, i);
                    }
                }
            }
        }
        return null;
    }

    /**
     * Correctness is judged on untainted IOs only ({@link Taint}); what a READ returns from a
     * backing sector that an accepted adversary write filled is not judged (the sector check above).
     */
    private static boolean judgedElsewhere(World w, int i) {
        return Taint.io(w, i);
    }

    private static String writePersists(Model m, World w, World before) {
        String why = backingBelongs(m, w);
        return why != null ? why : completedWritesPersist(m, w, before);
    }

    /** No backing sector holds data of another offset or of something that is not a WRITE to it. */
    private static String backingBelongs(Model m, World w) {
        Sectors back = w.backing();
        for (int s = 0; s < back.size(); s++) {
            int token = back.get(s);
            // a sector an accepted adversary write filled is the server's business (Taint), no other
            if (!belongs(m, token, s) && !Taint.sector(m, w, s)) {
                return "backing sector " + s + " holds " + Token.describe(token, m.setup())
                        + (Token.isData(token) ? Taint.untainted(m, w, Token.io(token)) : "");
            }
        }
        return null;
    }

    /** Every successful WRITE left data in its range (its own, or a later writer's). */
    private static String completedWritesPersist(Model m, World w, World before) {
        Sectors back = w.backing();
        int ss = m.config().sectorSize();
        boolean sameBacking = before != null && back == before.backing();
        for (int i = 0; i < w.ios().size(); i++) {
            IoSpec spec = m.setup().ios().get(i);
            IoState st = w.io(i);
            if (spec.op() == ReqOp.WRITE && m.ended(w, i) && st.result() == m.bytes(i) && !Taint.io(w, i)
                    && !(sameBacking && unchanged(m, w, before, i, false))) {
                for (int k = 0; k < m.bytes(i) / ss; k++) {
                    int token = back.get((int) spec.sector() + k);
                    if (Token.isBacking(token) && Token.version(token) == 0) {
                        return "WRITE " + m.ioId(i) + " completed but backing sector " + (spec.sector() + k)
                                + " still holds " + Token.describe(token, m.setup()) + Taint.untainted(m, w, i);
                    }
                }
            }
        }
        return null;
    }

    /** Whether teardown-completes applies in {@code w}: the last server died with recovery off, or STOP_DEV began. */
    public static boolean teardownBegun(Model m, World w) {
        return m.lifecycle() != null && m.lifecycle().teardownBegun(w);
    }

    /** teardown-completes at a state where nothing can move: null when it holds (or the run has no lifecycle). */
    public static String teardownUnfinished(Model m, World w) {
        String why = m.lifecycle() == null ? null : m.lifecycle().teardownUnfinished(w);
        return why == null ? null : TEARDOWN_COMPLETES + ": " + why;
    }

    /**
     * every-io-completes at a state where nothing can move: null when every IO completed with
     * success, else which IO did not and how.
     */
    public static String unfinished(Model m, World w) {
        String td = teardownUnfinished(m, w);
        if (td != null) {
            return td;
        }
        for (int i = 0; i < w.ios().size(); i++) {
            IoState s = w.io(i);
            IoSpec spec = m.setup().ios().get(i);
            if (Taint.io(w, i) || Taint.waitsForTaintedTags(m, w, i)) {
                continue;   // an accepted adversary action or a fault affected it (Taint)
            }
            if (s.phase() != Phase.COMPLETED && s.phase() != Phase.RELEASED) {
                return m.ioId(i) + " is stuck " + s.phase() + (s.tag() >= 0 ? " on tag " + s.tag() : "")
                        + " of queue " + spec.queue() + " and nothing can move" + Taint.untainted(m, w, i);
            }
            if ((s.result() < 0 || (spec.op().hasData() && s.result() != spec.bytes())) && !Fault.excused(w, i)) {
                return m.ioId(i) + " completed with " + Errno.describe(s.result()) + Taint.untainted(m, w, i);
            }
        }
        return null;
    }
}
