package dev.ublklab.cli;

import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Judge;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.Simulator;
import dev.ublklab.sim.Swarm;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Every bundled scenario through the simulator (its own run, then a seed swarm): a verdict table.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seeds", defaultValue = "200", description = "swarm seeds per scenario (default ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--dir", description = "scenarios folder (default: the bundled one)")
    Path dir;

    @Override
    public Integer call() {
        Path root = dir != null ? dir : Scenarios.home();
        System.out.println("seed=per-scenario seeds=" + seeds);
        System.out.printf("%-60s %-10s %-30s %-6s %s%n", "scenario", "variant", "run", "swarm", "expectation");
        int failed = 0;
        int total = 0;
        for (Path p : Scenarios.bundled(root)) {
            Scenario s = Scenarios.load(p);
            Simulator sim = Simulator.of(s);
            Run run = sim.run(s.schedule() != null ? Chooser.replay(s.schedule()) : Chooser.random(s.seed()), false);
            Judge.Verdict one = Judge.run(s.expect(), run);
            Swarm.Result sw = Swarm.run(s, s.seed(), seeds, d -> { });
            Judge.Verdict many = Judge.swarm(Judge.swarmExpectation(s), sw.tallies(), sw.limits());
            boolean met = one.met() && many.met();
            total++;
            failed += met ? 0 : 1;
            String runText = run.verdict().id() + (run.invariant() != null ? " " + run.invariant() : "");
            System.out.printf("%-60s %-10s %-30s %-6s %s%n", root.relativize(p), s.setup().config().variant().id(), runText,
                    many.met() ? "ok" : "FAIL", met ? "met" : "NOT met: " + (one.met() ? many.reason() : one.reason()));
        }
        System.out.println(total - failed + " of " + total + " scenarios met their expectation");
        return failed == 0 ? Main.MET : Main.NOT_MET;
    }
}
