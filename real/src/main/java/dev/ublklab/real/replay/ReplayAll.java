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
 * {@code ReplayAll [DIR] [--variants copy,user-copy] [--traces DIR] [--record-only | --judge | --vm]}:
 * every scenario of DIR (default scenarios/copy) that the real server can express, on each data path,
 * in one JVM (one VM boot). One verdict line per replay, the refused scenarios with the reason, and a
 * total. Exit 0 when every replay conformed and met its expectation. {@code --vm} records in one guest
 * boot and judges on the host.
 */
public final class ReplayAll {
    private ReplayAll() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("scenarios/copy");
        List<String> variants = List.of("copy", "user-copy");
        Path traces = null;
        String mode = "run";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--variants" -> variants = List.of(args[++i].split(","));
                case "--traces" -> traces = Path.of(args[++i]);
                case "--record-only" -> mode = "record";
                case "--judge" -> mode = "judge";
                case "--vm" -> mode = "vm";
                default -> dir = Path.of(args[i]);
            }
        }
        if (mode.equals("vm")) System.exit(inVm(dir, variants));
        if (!mode.equals("run") && traces == null) {
            System.err.println("replay-all: --" + mode + (mode.equals("record") ? "-only" : "") + " needs --traces DIR");
            System.exit(2);
        }
        System.exit(run(dir, variants, traces, mode));
    }

    /**
     * mode run: record and judge here; record: only record, writing each trace and its outcome into
     * {@code traces} (the guest); judge: read those recordings and judge them (the host).
     */
    static int run(Path dir, List<String> variants, Path traces, String mode) throws IOException, InterruptedException {
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
                    Path file = traces == null ? null : traces.resolve(s.name() + "." + v + ".jsonl");
                    if (mode.equals("judge") && !Files.exists(Recording.outcomeFile(file))) {
                        RealPlan.of(s.setup(), RealPlan.dataPath(v), true);      // refused in the guest too: say why
                        refused.add(s.name() + " (" + v + "): no recording in " + traces);
                        break;
                    }
                    boolean ok = one(s, v, file, mode);
                    ran++;
                    if (ok) good++;
                } catch (Unexpressible e) {
                    refused.add(s.name() + " (" + v + "): " + e.getMessage());
                    break;
                }
            }
        }
        refused.forEach(r -> System.out.println("not replayed: " + r));
        System.out.printf("%s %d, %s %d, refused %d; %.1f s in this JVM%n", mode.equals("judge") ? "judged" : "replayed", ran,
            mode.equals("record") ? "recorded" : "conforming and met", good, refused.size(), (System.nanoTime() - t0) / 1e9);
        return ran > 0 && good == ran ? 0 : 1;
    }

    private static boolean one(Scenario s, String v, Path file, String mode) throws IOException, InterruptedException {
        Recording rec = mode.equals("judge") ? Recording.read(s, file) : Replay.record(s, RealPlan.dataPath(v), line -> { });
        if (mode.equals("record")) {
            rec.write(file);
            System.out.printf("%-28s %-9s recorded %3d events  [%s]%n", s.name(), v, rec.trace().lines().size(), rec.phases());
            return true;
        }
        Replay.Report r = Replay.judge(rec);
        System.out.printf("%-28s %-9s %-12s %-8s [%s]%s%n", s.name(), v,
            r.conformance() == null ? "not-judged" : r.conformance().conforms() ? "conforms" : "DIVERGES",
            r.expectation().met() ? "met" : "NOT-met", r.phases(), r.exitCode() == 0 ? "" : "  " + detail(r));
        if (file != null && mode.equals("run")) Replay.writeTrace(r, file);
        return r.exitCode() == 0;
    }

    /**
     * One VM boot: record every scenario in the guest (this class, --record-only), then judge the
     * recordings here; prints the wall time, boot included.
     */
    static int inVm(Path dir, List<String> variants) throws IOException, InterruptedException {
        Path work = Path.of("target", "replay-all-vm").toAbsolutePath();
        Path traces = work.resolve("traces");
        if (Files.isDirectory(traces)) {
            try (Stream<Path> old = Files.list(traces)) {
                for (Path p : old.toList()) Files.delete(p);
            }
        }
        Files.createDirectories(traces);
        long t0 = System.nanoTime();
        int rc = dev.ublklab.real.vm.Vm.run(dev.ublklab.real.vm.Vm.javaCommand(ReplayAll.class.getName(),
                List.of(dir.toAbsolutePath().toString(), "--variants", String.join(",", variants), "--record-only",
                    "--traces", traces.toString())),
            dev.ublklab.real.vm.Vm.Options.defaults(work));
        double guest = (System.nanoTime() - t0) / 1e9;
        if (rc != 0 && rc != 1) {
            System.err.println("replay-all: the guest run failed (exit " + rc + "); console: " + work.resolve("console.log"));
            return 2;
        }
        int judged = run(dir, variants, traces, "judge");
        System.out.printf("one boot: %.1f s in the VM (boot included), %.1f s in all%n", guest, (System.nanoTime() - t0) / 1e9);
        return judged;
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
