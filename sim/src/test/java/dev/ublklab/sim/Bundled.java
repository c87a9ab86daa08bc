package dev.ublklab.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The bundled scenarios folder, found from the module's working directory. */
final class Bundled {
    private Bundled() {}

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("scenarios"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no scenarios folder above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("scenarios");
    }

    static List<Path> all() throws IOException {
        try (Stream<Path> s = Files.walk(root())) {
            return s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    static Scenario load(Path p) {
        try {
            return ScenarioCodec.read(p);
        } catch (ScenarioException e) {
            throw new AssertionError(e.getMessage());
        }
    }
}
