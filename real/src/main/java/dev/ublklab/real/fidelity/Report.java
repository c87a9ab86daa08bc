package dev.ublklab.real.fidelity;

import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The campaign's printed tables and saved files (divergences, COVERAGE.csv, results.csv). */
public final class Report {
    private Report() {}

    /** Per kernel: run/conform/diverge/refused/environment per data path, reasons, groups, kernel log, time. */
    public static void kernel(Campaign.KernelRun k, PrintStream out) {
        String release = k.judged().stream().filter(j -> j.release() != null).map(Judged::release).findFirst().orElse("?");
        out.println();
        out.println("== kernel " + k.target().name() + " (Linux " + release + ")" + (k.skipped() ? ": SKIPPED, no guest kernel" : ""));
        if (!release.equals("?")) out.println("   " + Target.note(release));
        out.printf("   %-10s %5s %8s %8s %9s %8s %7s %5s%n", "data path", "run", "conform", "diverge", "undecided", "refused", "timeout",
            "env");
        Map<String, int[]> rows = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (Judged j : k.judged()) {
            int[] r = rows.computeIfAbsent(j.path(), p -> new int[7]);
            int[] all = rows.computeIfAbsent("~all", p -> new int[7]);
            int col = switch (j.status()) {
                case CONFORMS -> 1;
                case DIVERGES -> 2;
                case UNDECIDED -> 3;
                case REFUSED -> 4;
                case TIMEOUT -> 5;
                case ENVIRONMENT -> 6;
            };
            for (int[] x : List.of(r, all)) {
                x[col]++;
                if (col <= 3) x[0]++;
            }
            if (j.status() == Judged.Status.REFUSED) reasons.merge(j.key(), 1, Integer::sum);
        }
        rows.forEach((p, r) -> out.printf("   %-10s %5d %8d %8d %9d %8d %7d %5d%n", p.equals("~all") ? "all" : p, r[0], r[1], r[2], r[3],
            r[4], r[5], r[6]));
        reasons.forEach((why, n) -> out.printf("   refused %4d: %s%n", n, why));
        for (Judged j : k.judged()) {
            if (j.status() == Judged.Status.ENVIRONMENT) out.println("   environment failure: " + j.scenario().name() + ": " + j.detail());
            if (j.status() == Judged.Status.TIMEOUT) {
                out.println("   TIMEOUT: scenario " + j.index() + " of seed " + k.seed() + " (" + scenarioFile(k, j) + "): " + j.detail());
            }
            for (String line : j.kernelLog()) out.println("   kernel log: " + j.scenario().name() + ": " + line);
        }
        for (Campaign.Group g : k.groups()) {
            out.printf("   divergence x%d %s: %s%n", g.members().size(), g.finding() == null ? "UNRESOLVED" : "(" + g.finding() + ")", g.key());
            out.printf("      smallest %s (%d IOs, shrunk in %d rounds) saved %s%n", g.smallest().scenario().name(),
                g.smallest().scenario().setup().ios().size(), g.rounds(), g.saved());
            out.println("      " + g.smallest().detail());
        }
        time(k, out);
    }

    /** Where the guest read a campaign scenario from (its batch's scenarios folder). */
    static Path scenarioFile(Campaign.KernelRun k, Judged j) {
        return k.batches().isEmpty() ? Path.of(j.scenario().name() + ".json")
            : k.batches().getFirst().work().resolve("scenarios").resolve(j.scenario().name() + ".json");
    }

    private static void time(Campaign.KernelRun k, PrintStream out) {
        if (k.batches().stream().allMatch(b -> b.boots() == 0)) {
            out.printf("   time: re-judged the recordings in %.1f s on the host (no guest)%n", k.judgeMillis() / 1000.0);
            return;
        }
        double guest = 0, boot = 0, wait = 0;
        int boots = 0;
        for (GuestBatch b : k.batches()) {
            guest += b.wallSeconds();
            wait += b.waitSeconds();
            boots += b.boots();
            for (double s : b.bootSeconds()) boot += s;
        }
        GuestBatch first = k.batches().getFirst();
        double recordSum = GuestBatch.recorderMillis(first.work()) / 1000.0;
        long check = 0;
        int run = 0;
        for (Judged j : k.judged()) {
            check += j.checkMillis();
            if (j.status() == Judged.Status.CONFORMS || j.status() == Judged.Status.DIVERGES || j.status() == Judged.Status.UNDECIDED) run++;
        }
        double wall = guest + (k.judgeMillis() + k.generateMillis()) / 1000.0;
        out.printf("   time: %.1f s wall; guest %.1f s in %d boots (kernel boot to init %.1f s); campaign batch: %.1f s recording"
                + " scenarios, %.1f s JVM start and rest under TCG; host: %.1f s judging (conformance search %.1f s, coverage"
                + " model runs the rest), %.1f s generating%n",
            wall, guest, boots, boot, recordSum, first.wallSeconds() - recordSum, k.judgeMillis() / 1000.0, check / 1000.0,
            k.generateMillis() / 1000.0);
        out.printf("   %.1f scenarios/minute (run scenarios over the wall time, shrinking included%s)%n", wall > 0 ? run * 60 / wall : 0,
            wait >= 1 ? String.format("; %.0f s waiting for the guest's lock not counted", wait) : "");
    }

    /** The coverage table (per kernel, category, item), the warning list, and COVERAGE.csv in {@code dir}. */
    public static void coverage(Coverage c, Path dir, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        c.writeCsv(dir.resolve("COVERAGE.csv"));
        out.println();
        out.println("== coverage of the model by the kernel (scenarios in which it was seen: kernel / model runs)");
        for (String[] r : c.rows()) out.printf("   %-5s %-9s %-44s %6s %6s%n", r[0], r[1], r[2], r[3], r[4]);
        List<String> w = c.warnings();
        out.println("   the model showed and the kernel never did (" + w.size() + "):" + (w.isEmpty() ? " none" : ""));
        for (String s : w) out.println("   WARNING " + s);
        out.println("   written " + dir.resolve("COVERAGE.csv"));
    }

    /** Saves a group's smallest scenario (NAME.scenario, JSON), its trace and kernel log with a one-line explanation. */
    static Path saveDivergence(Path dir, int g, Judged j, String finding, long seed) throws IOException {
        Files.createDirectories(dir);
        String slug = String.format("d%02d-%s", g, j.key().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", ""));
        slug = slug.substring(0, Math.min(60, slug.length())).replaceAll("-$", "");
        String line = "On Linux " + j.release() + " (" + j.path() + ") " + j.conformance().reason() + " (model " + j.version().id()
            + "); " + (finding == null ? "unresolved" : finding) + "; from scenario " + j.index() + " of seed " + seed;
        Scenario s = new Scenario(slug, line, null, j.scenario().setup(), j.scenario().expect(), j.scenario().seed(), null,
            j.scenario().maxSteps());
        // .scenario, not .json: the model's tests and the demo walk every .json under scenarios/, and a
        // real-kernel divergence is no model scenario with their bounds (replay it: ublk-lab replay --real FILE)
        Path file = dir.resolve(slug + ".scenario");
        Files.writeString(file, ScenarioWriter.write(s));
        Files.writeString(dir.resolve(slug + ".trace.jsonl"), j.recording().trace().jsonLines(s, j.conformance()));
        Files.writeString(dir.resolve(slug + ".txt"), line + "\n" + j.detail() + "\nkey: " + j.key() + "\n"
            + String.join("\n", j.kernelLog()) + "\n");
        return file;
    }

    /** The benchmark's figures: conformance rate, explained rate, coverage summary, scenarios per minute. */
    public static void figures(Campaign.Summary r, PrintStream out) {
        out.println();
        out.println("--- figures ---");
        for (Campaign.KernelRun k : r.runs()) {
            int run = 0, conform = 0, explained = 0, refused = 0, env = 0, undecided = 0, timeout = 0;
            for (Judged j : k.judged()) {
                switch (j.status()) {
                    case CONFORMS -> { run++; conform++; }
                    case DIVERGES -> run++;
                    case UNDECIDED -> { run++; undecided++; }
                    case REFUSED -> refused++;
                    case ENVIRONMENT -> env++;
                    case TIMEOUT -> timeout++;
                }
            }
            for (Campaign.Group g : k.groups()) if (g.finding() != null) explained += g.members().size();
            double wall = 0;
            for (GuestBatch b : k.batches()) wall += b.wallSeconds();
            wall += (k.judgeMillis() + k.generateMillis()) / 1000.0;
            out.printf("kernel %s: %d run, conformance %.1f%% (%d), explained %.1f%% (conform or a named finding), %d refused,"
                    + " %d undecided (search bound), %d timeouts, %d environment failures, %d divergence kinds; %.1f scenarios/minute%n",
                k.target().name(), run, run == 0 ? 0 : 100.0 * conform / run, conform, run == 0 ? 0 : 100.0 * (conform + explained) / run,
                refused, undecided, timeout, env,
                k.groups().size(), wall > 0 ? run * 60 / wall : 0);
        }
        r.coverage().summary().forEach(l -> out.println("coverage " + l));
    }

    /** One line per scenario: kernel, index, name, path, status, key or reason. */
    public static void results(List<Campaign.KernelRun> runs, Path file) throws IOException {
        List<String> lines = new ArrayList<>(List.of("kernel,index,scenario,path,status,check_ms,detail"));
        for (Campaign.KernelRun k : runs) {
            for (Judged j : k.judged()) {
                lines.add(String.join(",", k.target().name(), Integer.toString(j.index()), j.scenario().name(), j.path(),
                    j.status().name().toLowerCase(java.util.Locale.ROOT), Long.toString(j.checkMillis()),
                    "\"" + (j.key() == null ? "" : j.key()).replace("\"", "'") + "\""));
            }
        }
        Files.writeString(file, String.join("\n", lines) + "\n");
    }
}
