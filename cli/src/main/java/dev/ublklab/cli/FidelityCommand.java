package dev.ublklab.cli;

import dev.ublklab.real.fidelity.Campaign;
import dev.ublklab.real.fidelity.Report;
import dev.ublklab.real.fidelity.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fidelity", mixinStandardHelpOptions = true,
        description = {"Differential testing of the model against the real kernels with random scenarios.",
                "N scenarios per kernel from one seed, recorded in one QEMU guest boot per kernel, each trace judged against the guest's model version;",
                "divergences grouped and shrunk on the kernel; coverage of the model by the kernel (COVERAGE.csv).",
                "Exit 0: no unresolved divergence and no timeout; 1: some; 2: bad input; 4: nothing ran (the guest failed twice)."})
final class FidelityCommand implements Callable<Integer> {
    /** The default seed: fixed, so that a bare `ublk-lab fidelity` is the campaign CI runs. */
    static final long DEFAULT_SEED = 20261204L;
    /** Exit code when nothing ran because the guest failed (twice) everywhere: an environment failure, not a verdict. */
    static final int ENVIRONMENT_ONLY = 4;

    @Option(names = "--kernel", paramLabel = "K", description = "6.12, 7.3 or all (default all)")
    String kernel = "all";

    @Option(names = "--scenarios", paramLabel = "N", description = "scenarios per kernel (default 100)")
    int scenarios = 100;

    @Option(names = "--seed", paramLabel = "S", description = "the seed that decides every scenario (default " + DEFAULT_SEED + ")")
    long seed = DEFAULT_SEED;

    @Option(names = "--out", paramLabel = "DIR", description = "recordings, divergences, COVERAGE.csv, results.csv (default target/fidelity)")
    Path out;

    @Option(names = "--shrink-rounds", paramLabel = "R", description = "guest rounds of shrinking per kernel (default 3; 0: none)")
    int shrinkRounds = 3;

    @Option(names = "--known", paramLabel = "FILE", description = "explained divergences (default scenarios/divergences/known.tsv)")
    Path known;

    @Option(names = "--boot-minutes", paramLabel = "M", description = "one guest boot's bound: the guest is shared, so a boot holds it"
        + " M minutes at most and the campaign boots again for the rest (default 24)")
    int bootMinutes = 24;

    @Option(names = "--vm-lock", paramLabel = "FILE", description = "every boot takes FILE with flock(1) and releases it when it ends"
        + " (default: $UBLK_LAB_VM_LOCK, else no lock)")
    Path vmLock;

    @Option(names = "--from", paramLabel = "I", description = "the first scenario's index (default 0): --from 200 --scenarios 100"
        + " is scenarios 200..299 of the seed, so campaigns of one seed add up")
    int from;

    @Option(names = "--rejudge", description = "no guest: judge the recordings an earlier campaign left in --out again (after a model fix)")
    boolean rejudge;

    @Override
    public Integer call() {
        return run(kernel, from, scenarios, seed, out, shrinkRounds, known, false, rejudge, bootMinutes, vmLock);
    }

    static int run(String kernel, int from, int n, long seed, Path out, int shrinkRounds, Path known, boolean figures, boolean rejudge,
                   int bootMinutes, Path vmLock) {
        List<Target> targets = Target.parse(kernel);
        if (targets == null) throw new Main.BadInput("--kernel: unknown kernel \"" + kernel + "\" (expected 6.12, 7.3 or all)");
        if (n < 1) throw new Main.BadInput("--scenarios: must be at least 1, not " + n);
        if (from < 0) throw new Main.BadInput("--from: must not be negative, not " + from);
        if (shrinkRounds < 0) throw new Main.BadInput("--shrink-rounds: must not be negative");
        if (bootMinutes < 5) throw new Main.BadInput("--boot-minutes: must be at least 5 (a boot and one scenario's watchdog), not "
            + bootMinutes);
        String envLock = System.getenv("UBLK_LAB_VM_LOCK");
        Path lock = vmLock != null ? vmLock : envLock != null && !envLock.isBlank() ? Path.of(envLock) : null;
        Path dir = out != null ? out : Scenarios.home().getParent().resolve("target").resolve("fidelity");
        Path k = known != null ? known : Scenarios.home().resolve("divergences").resolve("known.tsv");
        if (known != null && !Files.isRegularFile(known)) throw new Main.BadInput("--known " + known + ": no such file");
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) throw new IOException("not writable");
        } catch (IOException e) {
            throw new Main.BadInput("--out " + dir + ": cannot write there (" + e.getMessage() + ")");
        }
        System.out.println("seed=" + seed);
        System.out.println(rejudge ? "fidelity: re-judging the recordings in " + dir + " (" + kernel + "), no guest"
            : "fidelity: " + n + " scenarios per kernel (" + kernel + ")" + (from > 0 ? ", scenarios " + from + ".." + (from + n - 1) : "")
            + ", out " + dir);
        try {
            Campaign.Summary result = Campaign.run(new Campaign.Options(targets, n, seed, dir, shrinkRounds, k, 20, rejudge,
                bootMinutes * 60, lock, from), System.out);
            List<Campaign.KernelRun> runs = result.runs();
            for (Campaign.KernelRun r : runs) Report.kernel(r, System.out);
            Report.coverage(result.coverage(), dir, System.out);
            Report.results(runs, dir.resolve("results.csv"));
            if (figures) Report.figures(result, System.out);
            int unresolved = Campaign.unresolved(runs), env = Campaign.environment(runs), timeouts = Campaign.timeouts(runs);
            System.out.println();
            System.out.println("fidelity: " + unresolved + " unresolved divergence kinds, " + timeouts + " timeouts, " + env
                + " environment failures; " + dir.resolve("results.csv"));
            if (unresolved > 0 || timeouts > 0) return Main.NOT_MET;
            boolean ranAny = runs.stream().anyMatch(r -> r.judged().stream().anyMatch(j -> j.status() != dev.ublklab.real.fidelity.Judged.Status.REFUSED
                && j.status() != dev.ublklab.real.fidelity.Judged.Status.ENVIRONMENT));
            return !ranAny && env > 0 ? ENVIRONMENT_ONLY : Main.MET;
        } catch (IOException e) {
            throw new Main.BadInput("fidelity: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.NOT_MET;
        }
    }
}
