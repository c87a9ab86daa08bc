package dev.ublklab.real.fidelity;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.real.replay.RealPlan;
import dev.ublklab.real.replay.Replay;
import dev.ublklab.real.replay.Unexpressible;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioGen;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fidelity campaign: N random scenarios per kernel from one seed ({@link ScenarioGen#wide}),
 * refused ones counted with their reasons, the rest recorded in one guest boot per kernel
 * ({@link GuestBatch}) and judged here against the guest's model version ({@link Judged}),
 * divergences grouped by kind and the smallest of each group shrunk on the kernel ({@link Shrinker},
 * one boot per round), coverage of the model by the kernel ({@link Coverage}). {@link Report} prints it.
 */
public final class Campaign {
    /**
     * @param known divergences already explained: lines "kernel TAB key-substring TAB finding"
     * @param perScenarioSeconds guest timeout per scenario of a batch, on top of two minutes
     * @param holdSeconds one boot's bound (the guest is shared: a boot holds it that long at most)
     * @param vmLock the file every boot takes with flock(1) and releases when it ends, or null
     * @param first the first scenario's index: a campaign of scenarios first..first+scenarios-1 of the seed
     *              (scenario i does not depend on the others, so campaigns of one seed add up)
     */
    public record Options(List<Target> kernels, int scenarios, long seed, Path out, int shrinkRounds, Path known,
                          int perScenarioSeconds, boolean rejudge, int holdSeconds, Path vmLock, int first) {
        GuestBatch.Hold hold() {
            return new GuestBatch.Hold(holdSeconds, vmLock);
        }
    }

    /** A group of divergences of one kind: its members, the shrunk smallest, and the finding that explains it (or null). */
    public record Group(String key, List<Judged> members, Judged smallest, int rounds, String finding, Path saved) {}

    /** One kernel's results. {@code skipped}: the kernel could not be had (exit 97). */
    public record KernelRun(Target target, List<Judged> judged, List<GuestBatch> batches, long judgeMillis, long generateMillis,
                            boolean skipped, List<Group> groups, long seed) {}

    /** Shrink candidates per group and round (dropping IOs comes first), fewer for crash scenarios. */
    static final int CANDIDATES = 16, CRASH_CANDIDATES = 6;

    private Campaign() {}

    /** The scenarios of a campaign on {@code t}, before any refusal: same seed, same scenarios. */
    public static List<Scenario> scenarios(long seed, int n, Target t) {
        return scenarios(seed, 0, n, t);
    }

    /** Scenarios {@code first..first+n-1} of the seed on {@code t}. */
    public static List<Scenario> scenarios(long seed, int first, int n, Target t) {
        List<Scenario> out = new ArrayList<>();
        ScenarioGen.Bounds b = ScenarioGen.Bounds.of(t.paths(), KernelVersion.SIMPLIFIED);
        for (int i = first; i < first + n; i++) out.add(ScenarioGen.wide(seed, i, b));
        return out;
    }

    /** The real server's verdict on expressing {@code s}: null when it can, else the reason. */
    static String refusal(Scenario s) {
        try {
            var path = RealPlan.dataPath(s.setup().config().variant().id());
            RealPlan.of(s.setup().withVariant(Replay.variant(path)), path, true);
            return null;
        } catch (Unexpressible e) {
            return e.getMessage();
        }
    }

    /** Every kernel's run and the coverage over all of them. */
    public record Summary(List<KernelRun> runs, Coverage coverage) {}

    /** Runs the campaign; prints progress lines to {@code say} (the tables are {@link Report}'s). */
    public static Summary run(Options o, PrintStream say) throws IOException, InterruptedException {
        List<KernelRun> runs = new ArrayList<>();
        Coverage coverage = new Coverage();
        for (Target t : o.kernels()) {
            runs.add(o.rejudge() ? rejudge(o, t, coverage, say) : one(o, t, coverage, say));
        }
        return new Summary(runs, coverage);
    }

    private static KernelRun one(Options o, Target t, Coverage coverage, PrintStream say) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        List<Scenario> all = scenarios(o.seed(), o.first(), o.scenarios(), t);
        List<Judged> judged = new ArrayList<>();
        List<Scenario> expressible = new ArrayList<>();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String why = refusal(all.get(i));
            if (why != null) judged.add(Judged.refused(all.get(i), o.first() + i, why));
            else {
                expressible.add(all.get(i));
                index.add(o.first() + i);
            }
        }
        long gen = (System.nanoTime() - t0) / 1_000_000;
        Path work = o.out().resolve(t.name()).toAbsolutePath();
        say.printf("kernel %s: %d scenarios, %d expressible: recording them in boots of at most %d s%s (console: %s)%n", t.name(),
            all.size(), expressible.size(), o.holdSeconds(), o.vmLock() == null ? "" : " under flock " + o.vmLock(),
            work.resolve("guest/console.log"));
        GuestBatch batch = GuestBatch.run(t, expressible, work.resolve("guest"), o.perScenarioSeconds(), o.hold(), say);
        if (batch.exitCode() == GuestBatch.NO_KERNEL) {
            say.println("kernel " + t.name() + ": the guest kernel could not be obtained (exit 97): skipped");
            return new KernelRun(t, judged, List.of(batch), 0, gen, true, List.of(), o.seed());
        }
        long j0 = System.nanoTime();
        for (int k = 0; k < expressible.size(); k++) {
            Judged j = Judged.read(expressible.get(k), index.get(k), batch.traces());
            judged.add(j);
            coverage.add(t.name(), j);
        }
        judged.sort(java.util.Comparator.comparingInt(Judged::index));
        long judgeMs = (System.nanoTime() - j0) / 1_000_000;
        List<GuestBatch> batches = new ArrayList<>(List.of(batch));
        List<Group> groups = groups(o, t, judged, batches, say);
        return new KernelRun(t, judged, batches, judgeMs, gen, false, groups, o.seed());
    }

    /**
     * {@code --rejudge}: no guest. The recordings an earlier campaign left in {@code out/KERNEL/guest}
     * are judged again by the current model (after a model fix); its scenario files are read back, so
     * the host-side refusals of that campaign are not counted again, and nothing is shrunk.
     */
    private static KernelRun rejudge(Options o, Target t, Coverage coverage, PrintStream say) throws IOException, InterruptedException {
        Path guest = o.out().resolve(t.name()).toAbsolutePath().resolve("guest");
        if (!Files.isDirectory(guest.resolve("traces"))) {
            say.println("kernel " + t.name() + ": no recordings in " + guest + ": skipped");
            return new KernelRun(t, List.of(), List.of(), 0, 0, true, List.of(), o.seed());
        }
        long j0 = System.nanoTime();
        List<Judged> judged = new ArrayList<>();
        List<Path> files;
        try (var st = Files.list(guest.resolve("scenarios"))) {
            files = st.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files) {
            Scenario s;
            try {
                s = dev.ublklab.sim.ScenarioCodec.read(f);
            } catch (dev.ublklab.sim.ScenarioException e) {
                throw new IOException(e.getMessage());
            }
            String n = s.name();
            Judged j = Judged.read(s, Integer.parseInt(n.substring(n.lastIndexOf('-') + 1)), guest.resolve("traces"));
            judged.add(j);
            coverage.add(t.name(), j);
        }
        judged.sort(java.util.Comparator.comparingInt(Judged::index));
        GuestBatch none = new GuestBatch(guest, guest.resolve("traces"), 0, 0, List.of(), 0, 0);
        long ms = (System.nanoTime() - j0) / 1_000_000;
        Options noShrink = new Options(o.kernels(), o.scenarios(), o.seed(), o.out(), 0, o.known(), o.perScenarioSeconds(), true,
            o.holdSeconds(), o.vmLock(), o.first());
        return new KernelRun(t, judged, new ArrayList<>(List.of(none)), ms, 0, false, groups(noShrink, t, judged, new ArrayList<>(), say),
            o.seed());
    }

    /** Divergences by key; each group's smallest shrunk on the kernel and saved. */
    private static List<Group> groups(Options o, Target t, List<Judged> judged, List<GuestBatch> batches, PrintStream say)
            throws IOException, InterruptedException {
        Map<String, List<Judged>> byKey = new LinkedHashMap<>();
        for (Judged j : judged) if (j.status() == Judged.Status.DIVERGES) byKey.computeIfAbsent(j.key(), k -> new ArrayList<>()).add(j);
        List<String> keys = new ArrayList<>(byKey.keySet());
        List<Judged> smallest = new ArrayList<>();
        for (String k : keys) {
            smallest.add(byKey.get(k).stream().min(java.util.Comparator.comparingLong(j -> Shrinker.size(j.scenario()))).orElseThrow());
        }
        int[] rounds = new int[keys.size()];
        for (int r = 1; r <= o.shrinkRounds() && !keys.isEmpty(); r++) {
            if (!shrinkRound(o, t, keys, smallest, rounds, r, batches, say)) break;
        }
        List<String[]> known = Known.read(o.known());
        List<Group> out = new ArrayList<>();
        for (int g = 0; g < keys.size(); g++) {
            String finding = Known.finding(known, t.name(), keys.get(g));
            Path saved = Report.saveDivergence(o.out().resolve("divergences").resolve(t.name()), g, smallest.get(g), finding, o.seed());
            out.add(new Group(keys.get(g), byKey.get(keys.get(g)), smallest.get(g), rounds[g], finding, saved));
        }
        return out;
    }

    /** One round for every group in one boot; true when some group got smaller. */
    private static boolean shrinkRound(Options o, Target t, List<String> keys, List<Judged> smallest, int[] rounds, int r,
                                       List<GuestBatch> batches, PrintStream say) throws IOException, InterruptedException {
        List<List<Scenario>> perGroup = new ArrayList<>();
        List<Scenario> batch = new ArrayList<>();
        for (Judged j : smallest) {
            // a crash plan runs a server JVM of its own per candidate (tens of seconds under TCG): fewer of them
            int max = j.scenario().setup().server() instanceof dev.ublklab.model.ServerSpec.Script sc
                && sc.plans().stream().anyMatch(p -> p != null && p.stream().anyMatch(a -> a instanceof dev.ublklab.model.Action.Crash))
                ? CRASH_CANDIDATES : CANDIDATES;
            List<Scenario> c = Shrinker.candidates(j.scenario(), max).stream().filter(s -> refusal(s) == null).toList();
            perGroup.add(c);
            batch.addAll(c);
        }
        if (batch.isEmpty()) return false;
        say.printf("kernel %s: shrink round %d: %d candidates for %d groups in one boot%n", t.name(), r, batch.size(), keys.size());
        GuestBatch b = GuestBatch.run(t, batch, o.out().resolve(t.name()).toAbsolutePath().resolve("shrink-" + r), o.perScenarioSeconds(),
            o.hold(), say);
        batches.add(b);
        boolean progress = false;
        for (int g = 0; g < keys.size(); g++) {
            for (Scenario c : perGroup.get(g)) {
                Judged j = Judged.read(c, smallest.get(g).index(), b.traces());
                if (j.status() == Judged.Status.DIVERGES && j.key().equals(keys.get(g))) {
                    smallest.set(g, j);
                    rounds[g] = r;
                    progress = true;
                    break;
                }
            }
        }
        return progress;
    }

    /** Unresolved divergence groups over all kernels (the campaign fails on any). */
    public static int unresolved(List<KernelRun> runs) {
        int n = 0;
        for (KernelRun k : runs) for (Group g : k.groups()) if (g.finding() == null) n++;
        return n;
    }

    /** Scenarios that timed out (twice) over all kernels (the campaign fails on any: a hang is no verdict). */
    public static int timeouts(List<KernelRun> runs) {
        int n = 0;
        for (KernelRun k : runs) for (Judged j : k.judged()) if (j.status() == Judged.Status.TIMEOUT) n++;
        return n;
    }

    /** Scenarios that met an environment failure over all kernels. */
    public static int environment(List<KernelRun> runs) {
        int n = 0;
        for (KernelRun k : runs) for (Judged j : k.judged()) if (j.status() == Judged.Status.ENVIRONMENT) n++;
        return n;
    }

    /** Reads the known-findings file: one divergence kind per line. */
    static final class Known {
        private Known() {}

        static List<String[]> read(Path file) throws IOException {
            List<String[]> out = new ArrayList<>();
            if (file == null || !Files.exists(file)) return out;
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                if (f.length >= 3) out.add(f);
            }
            return out;
        }

        static String finding(List<String[]> known, String kernel, String key) {
            for (String[] f : known) if ((f[0].equals(kernel) || f[0].equals("*")) && key.contains(f[1])) return f[2];
            return null;
        }
    }
}
