package dev.ublklab.sim;

import dev.ublklab.model.Action;
import dev.ublklab.model.Config;
import dev.ublklab.model.Invariant;
import dev.ublklab.model.Invariants;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.Recovery;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.Segment;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import java.util.ArrayList;
import java.util.List;

/**
 * Random scenarios, each decided by one {@link Prng} seed: the core the property tests draw their IOs
 * from ({@link IoShape#PROPERTY}) and the wide generator of the fidelity campaign ({@link #wide}),
 * which draws only what a real ublk server and client can run: 1-4 queues, depth 1-8, 1-16 IOs of
 * READ/WRITE/FLUSH up to maxIoBytes with sub-page and misaligned segments, {@code after} chains,
 * {@code submit: any}, and script plans with short commits, error commits, waitFor and crashes.
 * Independent of jqwik: a seed is all a scenario needs, so a campaign is reproducible anywhere.
 */
public final class ScenarioGen {
    private ScenarioGen() {}

    /**
     * How one IO is drawn: the ops to pick from (repeats weigh), at most {@code segmentsMax} segments,
     * offsets in {@code offsetSlots} steps of 512 bytes inside a page, and whether IOs of one op are
     * kept apart ({@code apart}: no overlap and no shared boundary, so the block layer can neither
     * merge two of them into one request nor can a fetched request be taken for the wrong IO).
     */
    public record IoShape(List<ReqOp> ops, int segmentsMax, int offsetSlots, boolean apart) {
        /** The property tests' IOs: up to 3 segments at offsets 0-1536, DISCARD included, on a 64-sector device. */
        public static final IoShape PROPERTY = new IoShape(
                List.of(ReqOp.READ, ReqOp.READ, ReqOp.WRITE, ReqOp.WRITE, ReqOp.FLUSH, ReqOp.DISCARD), 3, 4, false);
    }

    /** The segments of one IO (none for FLUSH): segment k lies at its offset inside page k. */
    public static List<Segment> segments(Prng p, ReqOp op, IoShape shape) {
        List<Segment> segs = new ArrayList<>();
        if (op == ReqOp.FLUSH) {
            return segs;
        }
        int count = 1 + p.nextInt(shape.segmentsMax());
        for (int s = 0; s < count; s++) {
            int off = 512 * p.nextInt(shape.offsetSlots());
            int len = 512 * (1 + p.nextInt((4096 - off) / 512));
            segs.add(new Segment(off, p.chance(1, 2) ? len : 4096 - off));
        }
        return segs;
    }

    /** One IO at a random sector of a device of {@code sectors} (the property tests' draw). */
    public static IoSpec io(Prng p, String id, int queue, int sectors, IoShape shape) {
        ReqOp op = shape.ops().get(p.nextInt(shape.ops().size()));
        List<Segment> segs = segments(p, op, shape);
        int n = segs.stream().mapToInt(Segment::len).sum() / 512;
        long sector = p.nextInt(sectors - n + 1);
        return new IoSpec(id, op, queue, sector, segs, null);
    }

    /** What the wide generator may draw: the data paths of the kernel under test and the model version. */
    public record Bounds(List<Variant> variants, KernelVersion kernel, int queuesMax, int depthMax, int iosMax) {
        public Bounds {
            variants = List.copyOf(variants);
            if (variants.isEmpty() || queuesMax < 1 || depthMax < 1 || iosMax < 1) {
                throw new IllegalArgumentException("bounds need a data path and positive maxima");
            }
        }

        /** The widths: 1-4 queues, depth 1-8, 1-16 IOs. */
        public static Bounds of(List<Variant> variants, KernelVersion kernel) {
            return new Bounds(variants, kernel, 4, 8, 16);
        }
    }

    private static final int[] MAX_IO_BYTES = {8192, 65536, 131072};
    /** EIO, ENOSPC, EINVAL, EOPNOTSUPP (in blk_errors[]), EFAULT and EPERM (not: the client reads -EIO). */
    private static final int[] ERRNOS = {-5, -28, -22, -95, -14, -1};

    /**
     * The campaign's scenario number {@code index} of seed {@code seed}: scenario i does not depend on
     * how many are drawn, so a campaign of 100 is the first 100 of a campaign of 1,000.
     */
    public static Scenario wide(long seed, int index, Bounds b) {
        long s = new Prng(seed ^ (0x9E3779B97F4A7C15L * (index + 1))).nextLong();
        Prng p = new Prng(s);
        Variant v = b.variants().get(p.nextInt(b.variants().size()));
        int queues = 1 + p.nextInt(b.queuesMax());
        int depth = 1 + p.nextInt(b.depthMax());
        int maxIo = MAX_IO_BYTES[p.nextInt(MAX_IO_BYTES.length)];
        int n = 1 + p.nextInt(1 + p.nextInt(b.iosMax()));            // small scenarios are the common case
        List<ReqOp> ops = new ArrayList<>();
        List<List<Segment>> segs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ReqOp op = p.chance(1, 8) ? ReqOp.FLUSH : p.chance(1, 2) ? ReqOp.READ : ReqOp.WRITE;
            ops.add(op);
            segs.add(wideSegments(p, op, maxIo));
        }
        int total = 0;
        for (List<Segment> l : segs) total += l.stream().mapToInt(Segment::len).sum() / 512;
        int sectors = Math.max(64, (2 * total + 2 * n + 63) & ~63);
        List<IoSpec> ios = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String after = i > 0 && p.chance(1, 5) ? "io" + p.nextInt(i) : null;
            long sector = place(p, ops.get(i), segs.get(i), ios, sectors, maxIo / 512);
            ios.add(new IoSpec("io" + i, ops.get(i), p.nextInt(queues), sector, segs.get(i), after));
        }
        Config c = new Config(queues, depth, v, 16, 1, 4096, 512, maxIo, TagPolicy.ANY, Recovery.OFF, sectors, b.kernel());
        ServerSpec server = plans(p, ios);
        Setup setup = new Setup(c, ios, server, List.of(), !p.chance(1, 2));
        String name = String.format("fid-%s-%016x-%04d", v.id(), seed, index);
        return new Scenario(name, "fidelity scenario " + index + " of seed " + seed + " (" + v.id() + ")", null, setup,
                new Expect(safety(), List.of()), s, null, 20_000);
    }

    /** Mostly a few segments; one IO in four as large as maxIoBytes allows (whole pages, 32 at most). */
    private static List<Segment> wideSegments(Prng p, ReqOp op, int maxIo) {
        if (op == ReqOp.FLUSH) {
            return List.of();
        }
        if (p.chance(1, 4)) {
            int pages = 1 + p.nextInt(Math.min(32, maxIo / 4096));
            List<Segment> whole = new ArrayList<>();
            for (int k = 0; k < pages; k++) whole.add(new Segment(0, 4096));
            return whole;
        }
        List<Segment> l = segments(p, op, new IoShape(List.of(op), Math.min(4, maxIo / 4096), 8, true));
        while (l.stream().mapToInt(Segment::len).sum() > maxIo) l = l.subList(0, l.size() - 1);
        return l;
    }

    /**
     * A start sector from the draw, moved up (wrapping) until no IO of the same op overlaps or touches
     * it: two adjacent IOs could be merged by the block layer (mq-deadline on one queue) into a
     * request no scenario IO is. FLUSHes have no range and need no room.
     */
    private static long place(Prng p, ReqOp op, List<Segment> segs, List<IoSpec> placed, int sectors, int maxSectors) {
        int len = segs.stream().mapToInt(Segment::len).sum() / 512;
        int start = p.nextInt(sectors - len + 1);
        if (op == ReqOp.FLUSH) {
            return 0;
        }
        // An IO longer than what get_max_io_size keeps unsplit at a misaligned start (block/blk-merge.c:
        // the split is aligned to the 4096-byte physical block) starts on a physical block instead.
        int step = len > maxSectors - 7 ? 8 : 1;
        start -= start % step;
        for (int k = 0; k <= sectors; k += step) {
            long at = (start + k) % (sectors - len + 1);
            at -= at % step;
            if (free(op, at, len, placed)) {
                return at;
            }
        }
        return start;                 // the device is sized at twice the IOs, so this is not reached
    }

    private static boolean free(ReqOp op, long at, int len, List<IoSpec> placed) {
        for (IoSpec o : placed) {
            if (o.op() != op) continue;
            long end = o.sector() + o.bytes() / 512;
            if (at <= end && o.sector() <= at + len) return false;        // overlap or a shared boundary
        }
        return true;
    }

    /** A script server when any IO draws a plan other than the correct one; else the correct server. */
    private static ServerSpec plans(Prng p, List<IoSpec> ios) {
        List<List<Action>> plans = new ArrayList<>();
        boolean any = false;
        int crash = p.chance(1, 12) ? p.nextInt(ios.size()) : -1;
        for (int i = 0; i < ios.size(); i++) {
            List<Action> plan = i == crash ? crashPlan(p) : plan(p, ios, i);
            plans.add(plan);
            any |= plan != null;
        }
        return any ? new ServerSpec.Script(plans, 0) : new ServerSpec.Correct(0);
    }

    private static List<Action> crashPlan(Prng p) {
        return p.chance(1, 2) ? List.of(new Action.Crash()) : List.of(new Action.Transfer(), new Action.Crash());
    }

    /** One IO's plan: null (correct) nine times in sixteen, else a short, error, explicit or waiting commit. */
    private static List<Action> plan(Prng p, List<IoSpec> ios, int i) {
        IoSpec io = ios.get(i);
        int k = p.nextInt(16);
        if (k < 9) {
            return null;
        }
        if (k < 11 && io.op().hasData() && io.bytes() >= 1024) {
            List<Integer> shorts = new ArrayList<>();
            for (int d = 2; d <= io.bytes() / 512; d++) {
                if (io.bytes() % d == 0 && (io.bytes() / d) % 512 == 0) shorts.add(io.bytes() / d);
            }
            int r = shorts.get(p.nextInt(shorts.size()));       // a backend that moved r bytes, and a server that says so
            return List.of(new Action.Transfer(r), new Action.Commit(r));
        }
        if (k < 13) {
            int errno = ERRNOS[p.nextInt(ERRNOS.length)];
            return k == 11 ? List.of(new Action.Commit(errno)) : List.of(new Action.Transfer(), new Action.Commit(errno));
        }
        if (k < 15) {
            List<String> same = new ArrayList<>();
            for (int j = 0; j < i; j++) if (ios.get(j).queue() == io.queue()) same.add(ios.get(j).id());
            if (!same.isEmpty()) {
                return List.of(new Action.WaitFor(same.get(p.nextInt(same.size()))), new Action.Transfer(), new Action.Commit(null));
            }
        }
        return List.of(new Action.Transfer(), new Action.Commit(null));
    }

    /** The names of the safety invariants, in their declared order. */
    public static List<String> safety() {
        List<String> out = new ArrayList<>();
        for (Invariant i : Invariants.ALL) {
            if (i.kind() == Invariant.Kind.SAFETY) {
                out.add(i.name());
            }
        }
        return out;
    }
}
