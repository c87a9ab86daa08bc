package dev.ublklab.cli;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Judge;
import dev.ublklab.sim.Scenario;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Run every bundled scenario (its own run, then a seed swarm) and print a verdict table.",
        description = "Every bundled scenario through the simulator (its own run, then a seed swarm): a verdict table."
                + " Where runs hit the step bound, the checker decides (a livelock needs the exhaustive search).")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seeds", defaultValue = "200", description = "swarm seeds per scenario (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--dir", description = "scenarios folder (default: the bundled one)")
    Path dir;

    @Option(names = "--kernel", paramLabel = "V", description = "run on this kernel version instead of the scenario's (`ublk-lab kernels` lists them)")
    String kernel;

    @Override
    public Integer call() {
        Path root = dir != null ? dir : Scenarios.home();
        KernelVersion k = kernel == null ? null : Scenarios.kernel(kernel);
        System.out.println("seed=per-scenario seeds=" + seeds + (kernel != null ? " kernel=" + kernel : ""));
        System.out.printf("%-60s %-10s %-30s %-6s %s%n", "scenario", "variant", "run", "swarm", "expectation");
        int failed = 0;
        int total = 0;
        int refused = 0;
        int unfit = 0;
        for (Path p : Scenarios.bundled(root)) {
            Scenario s = Scenarios.load(p);
            String refusal = k == null ? null : Scenarios.refusal(s, k);
            if (refusal != null) {
                refused++;
                System.out.printf("%-60s %-10s refused: %s%n", root.relativize(p), s.setup().config().variant().id(), refusal);
                continue;
            }
            if (k != null) {
                s = Scenarios.onKernel(s, k);
            }
            Judge.ScenarioJudgement r;
            try {
                r = Judge.scenario(s, s.seed(), seeds);
            } catch (Chooser.ScheduleMismatch e) {
                if (k == null) {
                    throw new Main.BadInput(p + ": $.schedule: " + e.getMessage());
                }
                unfit++;   // the recorded interleaving is not one this kernel version allows
                System.out.printf("%-60s %-10s schedule does not apply on kernel %s: %s%n", root.relativize(p),
                        s.setup().config().variant().id(), kernel, e.getMessage());
                continue;
            }
            boolean met = r.met();
            total++;
            failed += met ? 0 : 1;
            System.out.printf("%-60s %-10s %-30s %-6s %s%n", root.relativize(p), s.setup().config().variant().id(), r.runText(),
                    r.swarm().met() ? "ok" : "FAIL", met ? "met" : "NOT met: " + (r.one().met() ? r.swarm().reason() : r.one().reason()));
        }
        System.out.println(total - failed + " of " + total + " scenarios met their expectation"
                + (refused > 0 ? " (" + refused + " refused on kernel " + kernel + ")" : "")
                + (unfit > 0 ? " (" + unfit + " recorded schedules do not apply on kernel " + kernel + ")" : ""));
        return failed == 0 ? Main.MET : Main.NOT_MET;
    }
}
