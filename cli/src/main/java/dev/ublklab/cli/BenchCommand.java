package dev.ublklab.cli;

import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.Simulator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks that print figures.", "  sim: simulated steps/s and 10,000 seeds of scenarios/bench/sim-*.json"})
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WHAT", description = "sim")
    String what;

    @Override
    public Integer call() {
        return switch (what) {
            case "sim" -> sim();
            default -> throw new Main.BadInput("unknown benchmark \"" + what + "\" (expected sim)");
        };
    }

    private int sim() {
        Path dir = Scenarios.home().resolve("bench");
        System.out.println("seed=1 (seeds 1..N per figure)");
        for (String name : new String[] {"sim-copy.json"}) {
            Path f = dir.resolve(name);
            if (!f.toFile().exists()) {
                continue;
            }
            Scenario s = Scenarios.load(f);
            Simulator sim = Simulator.of(s);
            long seed = 1;
            long steps = 0;
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 2_000_000_000L) {   // warm-up
                steps += sim.run(Chooser.random(seed++), false).stepCount();
            }
            steps = 0;
            int runs = 0;
            t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 3_000_000_000L) {
                Run r = sim.run(Chooser.random(seed++), false);
                steps += r.stepCount();
                runs++;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%s (%s, %d IOs, %d queues, depth %d): %.0f steps/s on one core (%d runs, %.1f steps/run)%n",
                    s.name(), s.setup().config().variant().id(), s.setup().ios().size(), s.setup().config().queues(),
                    s.setup().config().depth(), steps / secs, runs, (double) steps / runs);
            t0 = System.nanoTime();
            for (long k = 1; k <= 10_000; k++) {
                sim.run(Chooser.random(k), false);
            }
            System.out.printf("%s: 10,000 seeds in %.2f s (target < 30 s); target 1,000,000 steps/s%n", s.name(), (System.nanoTime() - t0) / 1e9);
        }
        return Main.MET;
    }
}
