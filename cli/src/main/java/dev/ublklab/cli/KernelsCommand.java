package dev.ublklab.cli;

import dev.ublklab.model.Behaviour;
import dev.ublklab.model.KernelVersion;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kernels", mixinStandardHelpOptions = true,
        description = {"List the kernel versions the model knows, each a list of behaviour switches.",
                "With --diff A B, list the switches that only one of the two versions has."})
final class KernelsCommand implements Callable<Integer> {
    @Option(names = "--diff", arity = "2", paramLabel = "V", description = "two versions to compare, e.g. --diff 6.14 6.16")
    List<String> diff;

    @Option(names = "--switches", description = "also list every switch with its source")
    boolean switches;

    @Override
    public Integer call() {
        if (diff != null) {
            return diff(Scenarios.kernel(diff.get(0)), Scenarios.kernel(diff.get(1)));
        }
        for (KernelVersion k : KernelVersion.values()) {
            System.out.printf("%-11s %s%n", k.id(), k.description());
            StringBuilder on = new StringBuilder();
            for (Behaviour b : k.behaviours()) {
                on.append(on.isEmpty() ? "" : " ").append(b.id());
            }
            System.out.printf("%-11s switches: %s%n", "", on);
        }
        System.out.println("(a scenario without config.kernel runs " + KernelVersion.SIMPLIFIED.id() + ")");
        if (switches) {
            System.out.println();
            for (Behaviour b : Behaviour.values()) {
                System.out.printf("%-22s %s%n%-22s   from: %s%n", b.id(), b.description(), "", b.source());
            }
        }
        return Main.MET;
    }

    private static int diff(KernelVersion a, KernelVersion b) {
        List<Behaviour> d = KernelVersion.diff(a, b);
        System.out.println("kernels " + a.id() + " and " + b.id() + ": " + d.size() + " switch"
                + (d.size() == 1 ? " differs" : "es differ"));
        for (Behaviour x : d) {
            System.out.printf("  %-22s %-5s %-5s %s%n      from: %s%n", x.id(), a.has(x) ? a.id() : "-", b.has(x) ? b.id() : "-",
                    x.description(), x.source());
        }
        return Main.MET;
    }
}
