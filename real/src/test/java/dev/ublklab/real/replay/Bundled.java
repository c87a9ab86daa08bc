package dev.ublklab.real.replay;

import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The bundled scenarios, found from the working directory upwards (tests run in real/, the VM in the root). */
final class Bundled {
    private Bundled() {}

    static Path root() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("scenarios/copy"))) return d;
        }
        throw new IllegalStateException("no scenarios/copy above " + Path.of("").toAbsolutePath());
    }

    static Scenario load(String dirAndName) {
        try {
            return ScenarioCodec.read(root().resolve("scenarios").resolve(dirAndName + ".json"));
        } catch (dev.ublklab.sim.ScenarioException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    static List<Path> all(String dir) {
        try (Stream<Path> s = Files.list(root().resolve("scenarios").resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
