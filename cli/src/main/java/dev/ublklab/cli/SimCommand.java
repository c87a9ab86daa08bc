package dev.ublklab.cli;

import dev.ublklab.sim.Judgement;
import dev.ublklab.sim.Judge;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.Swarm;
import dev.ublklab.sim.check.CheckResult;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run a scenario under many seeds: per invariant, how many seeds violated it and the smallest reproducing seed.",
                "A run goes on after a violation: every invariant a seed breaks counts."})
final class SimCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SCENARIO", description = "scenario file (JSON)")
    java.nio.file.Path file;

    @Option(names = "--seeds", defaultValue = "1000", description = "how many seeds (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", description = "first seed (default: the scenario's seed)")
    Long first;

    @Option(names = "--kernel", paramLabel = "V", description = "run on this kernel version instead of the scenario's (`ublk-lab kernels` lists them)")
    String kernel;

    @Override
    public Integer call() {
        if (seeds < 1) {
            throw new Main.BadInput("--seeds must be at least 1, found " + seeds);
        }
        Scenario s = Scenarios.load(file, kernel);
        long from = first != null ? first : s.seed();
        System.out.println("seed=" + from + " seeds=" + seeds);
        long t0 = System.nanoTime();
        long[] lastPrint = {t0};
        Swarm.Totals r = Swarm.run(s, from, seeds, done -> {
            long now = System.nanoTime();
            if (now - lastPrint[0] > 2_000_000_000L) {
                lastPrint[0] = now;
                System.err.printf("progress: %d/%d seeds, %.1f s%n", done, seeds, (now - t0) / 1e9);
            }
        });
        double secs = (System.nanoTime() - t0) / 1e9;
        print(s, r, secs);
        if (s.schedule() != null && !s.expect().violated().isEmpty()) {
            // The same judgement as demo's (Judge.swarmExpectation): say why, since it differs from expect.
            System.out.println("note: " + file + " records a schedule; its finding (" + String.join(", ", s.expect().violated())
                    + ") is that interleaving's, which random seeds need not draw: 'ublk-lab run " + file
                    + "' replays it and 'ublk-lab check " + file + "' finds it exhaustively. The swarm must keep the other invariants.");
        }
        CheckResult proof = r.limits() > 0 ? Judge.prove(s) : null;
        if (proof != null) {
            System.out.println(r.limits() + " seed(s) hit the step bound; the checker says: "
                    + (proof instanceof CheckResult.Livelock l ? "livelock: " + l.explanation() : proof.headline()));
        }
        Judgement v = Judge.swarm(s, r, proof);
        System.out.println("expectation " + (v.met() ? "met" : "NOT met") + ": " + v.reason());
        return v.met() ? Main.MET : Main.NOT_MET;
    }

    static void print(Scenario s, Swarm.Totals r, double secs) {
        System.out.printf("scenario %s (%s): %d seeds, %d passed, %d hit the step bound, %.2f s, %.0f steps/s%n",
                s.name(), Scenarios.on(s), r.seeds(), r.passed(), r.limits(), secs, r.steps() / Math.max(secs, 1e-9));
        System.out.printf("  %-28s %8s %14s%n", "invariant", "seeds", "smallest seed");
        for (String inv : s.expect().checked()) {
            Swarm.Tally t = r.tallies().get(inv);
            String mark = s.expect().violated().contains(inv) ? " (expected violated)" : "";
            System.out.printf("  %-28s %8d %14s%s%n", inv, t == null ? 0 : t.count(), t == null ? "-" : Long.toString(t.smallestSeed()), mark);
        }
        for (Map.Entry<String, Swarm.Tally> e : r.tallies().entrySet()) {
            if (!s.expect().checked().contains(e.getKey())) {
                System.out.printf("  %-28s %8d %14d (not checked)%n", e.getKey(), e.getValue().count(), e.getValue().smallestSeed());
            }
        }
    }
}
