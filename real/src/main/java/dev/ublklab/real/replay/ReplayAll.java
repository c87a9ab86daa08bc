package dev.ublklab.real.replay;

import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ReplayAll [DIR] [--variants copy,user-copy] [--traces DIR]}: every scenario of DIR (default
 * scenarios/copy) that the real server can express, on each data path, in one JVM (one VM boot). One
 * verdict line per replay, the refused scenarios with the reason, and a total. Exit 0 when every
 * replay conformed and met its expectation.
 */
public final class ReplayAll {
    private ReplayAll() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("scenarios/copy");
        List<String> variants = List.of("copy", "user-copy");
        Path traces = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--variants" -> variants = List.of(args[++i].split(","));
                case "--traces" -> traces = Path.of(args[++i]);
                default -> dir = Path.of(args[i]);
            }
        }
        System.exit(run(dir, variants, traces));
    }

    static int run(Path dir, List<String> variants, Path traces) throws IOException, InterruptedException {
        System.out.println("seed=0");
        long t0 = System.nanoTime();
        int ran = 0, good = 0;
        List<String> refused = new ArrayList<>();
        for (Path f : scenarios(dir)) {
            Scenario s;
            try {
                s = ScenarioCodec.read(f);
            } catch (ScenarioException e) {
                refused.add(f.getFileName() + ": " + e.getMessage());
                continue;
            }
            for (String v : variants) {
                try {
                    long t = System.nanoTime();
                    Replay.Report r = Replay.run(s, RealPlan.dataPath(v), line -> { });
                    ran++;
                    if (r.exitCode() == 0) good++;
                    System.out.printf("%-28s %-9s %-12s %-8s %5d ms%s%n", s.name(), v,
                        r.conformance() == null ? "not-judged" : r.conformance().conforms() ? "conforms" : "DIVERGES",
                        r.expectation().met() ? "met" : "NOT-met", (System.nanoTime() - t) / 1_000_000,
                        "  [" + r.phases() + "]" + (r.exitCode() == 0 ? "" : "  " + detail(r)));
                    if (traces != null) Replay.writeTrace(r, traces.resolve(s.name() + "." + v + ".jsonl"));
                } catch (Unexpressible e) {
                    refused.add(s.name() + " (" + v + "): " + e.getMessage());
                    break;
                }
            }
        }
        refused.forEach(r -> System.out.println("not replayed: " + r));
        System.out.printf("replayed %d, conforming and met %d, refused %d; %.1f s in this JVM%n", ran, good, refused.size(),
            (System.nanoTime() - t0) / 1e9);
        return ran > 0 && good == ran ? 0 : 1;
    }

    private static String detail(Replay.Report r) {
        if (r.conformance() != null && !r.conformance().conforms()) return r.conformance().reason();
        return r.expectation().reason();
    }

    static List<Path> scenarios(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }
}
