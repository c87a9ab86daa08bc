package dev.ublklab.cli;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finding and loading scenario files for commands. */
final class Scenarios {
    private Scenarios() {}

    /** The bundled scenarios folder: $UBLK_LAB_HOME/scenarios (set by the launcher), else ./scenarios. */
    static Path home() {
        String h = System.getenv("UBLK_LAB_HOME");
        if (h != null) {
            return Path.of(h).resolve("scenarios").normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("scenarios"))) {
            p = p.getParent();
        }
        return (p == null ? Path.of(".") : p).resolve("scenarios");
    }

    /** Every bundled scenario file under {@code dir}, sorted, skipping scenarios/bench. */
    static List<Path> bundled(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new Main.BadInput(dir + ": no scenarios folder");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !dir.relativize(p).toString().startsWith("bench"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new Main.BadInput(dir + ": cannot list: " + e.getMessage());
        }
    }

    /**
     * {@code s} with its file named so that a trace can find it again from any directory: relative
     * to the project directory (the parent of {@link #home()}) when it is inside it, else absolute.
     */
    static Scenario portable(Scenario s) {
        if (s.file() == null) {
            return s;
        }
        Path f = Path.of(s.file()).toAbsolutePath().normalize();
        Path project = home().toAbsolutePath().normalize().getParent();
        String name = project != null && f.startsWith(project) ? project.relativize(f).toString() : f.toString();
        return new Scenario(s.name(), s.description(), name, s.setup(), s.expect(), s.seed(), s.schedule(), s.maxSteps());
    }

    /**
     * Loads a scenario and, when {@code kernel} is given (the {@code --kernel} option), runs it on
     * that kernel version instead of the scenario's own.
     */
    static Scenario load(Path file, String kernel) {
        Scenario s = load(file);
        return kernel == null ? s : onKernel(s, kernel);
    }

    /** The scenario on the named kernel version; bad input when unknown or without its data path. */
    static Scenario onKernel(Scenario s, String kernel) {
        return onKernel(s, kernel(kernel));
    }

    /** The scenario on kernel version {@code k}; bad input when the version lacks its data path
     * or cannot run the scenario's server (the lifecycle's refusals). */
    static Scenario onKernel(Scenario s, KernelVersion k) {
        String refusal = refusal(s, k);
        if (refusal != null) {
            throw new Main.BadInput(s.file() + ": --kernel " + k.id() + ": " + refusal);
        }
        return moved(s, k);
    }

    /** Why scenario {@code s} cannot run on kernel version {@code k}, or null when it can. */
    static String refusal(Scenario s, KernelVersion k) {
        String path = k.refusal(s.setup().config().variant());
        if (path == null && s.setup().faults().any() && moved(s, k).setup().config().has(dev.ublklab.model.Behaviour.MAINLINE_LIFECYCLE)) {
            return dev.ublklab.model.Fault.NEEDS_DATA_PATH;
        }
        return path != null ? path : dev.ublklab.model.Lifecycle.refusal(moved(s, k).setup());
    }

    private static Scenario moved(Scenario s, KernelVersion k) {
        return s.withSetup(s.setup().withConfig(s.setup().config().withKernel(k)));
    }

    /** The named kernel version (the {@code --kernel} option); bad input when unknown. */
    static KernelVersion kernel(String name) {
        KernelVersion k = KernelVersion.parse(name);
        if (k == null) {
            throw new Main.BadInput("--kernel: unknown kernel version \"" + name + "\" (expected one of "
                    + KernelVersion.names() + "; `ublk-lab kernels` lists them)");
        }
        return k;
    }

    /** The driver variant and kernel version a scenario runs on, as the commands print them. */
    static String on(Scenario s) {
        return s.setup().config().variant().id() + ", kernel " + s.setup().config().kernel().id();
    }

    static Scenario load(Path file) {
        try {
            return ScenarioCodec.read(file);
        } catch (ScenarioException e) {
            throw new Main.BadInput(e.getMessage());
        }
    }
}
