package dev.ublklab.cli;

import dev.ublklab.sim.Scenario;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "scenarios", mixinStandardHelpOptions = true, description = "List the bundled scenarios, one line each.")
final class ScenariosCommand implements Callable<Integer> {
    @Option(names = "--dir", description = "scenarios folder (default: the bundled one)")
    Path dir;

    @Override
    public Integer call() {
        Path root = dir != null ? dir : Scenarios.home();
        for (Path p : Scenarios.bundled(root)) {
            Scenario s = Scenarios.load(p);
            String expect = s.expect().violated().isEmpty() ? "holds" : "violates " + String.join(",", s.expect().violated());
            System.out.printf("%-60s %-10s %-30s %s%n", root.relativize(p), s.setup().config().variant().id(), expect, s.description());
        }
        return Main.MET;
    }
}
