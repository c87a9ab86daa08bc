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

    /** A saved campaign recording: scenarios/divergences/KERNEL/NAME.scenario and .trace.jsonl, planned on {@code path}. */
    record Saved(RealPlan plan, RealTrace trace) {}

    static Saved recording(String kernel, String name, String path) throws Exception {
        Path dir = root().resolve("scenarios/divergences").resolve(kernel);
        Scenario s = ScenarioCodec.read(dir.resolve(name + ".scenario"));
        dev.ublklab.real.ublk.DataPath p = RealPlan.dataPath(path);
        RealPlan plan = RealPlan.of(Replay.setupFor(s, p), p, true);
        return new Saved(plan, RealTrace.read(plan.setup(), Files.readString(dir.resolve(name + ".trace.jsonl")), 0));
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
