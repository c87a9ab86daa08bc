package dev.ublklab.cli;

import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.Simulator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks that print figures.",
                "  sim:   simulated steps/s per variant and 10,000 seeds of scenarios/bench/sim-*.json",
                "  check: distinct states/s with 1 worker and all cores, bytes per state (scenarios/bench/check-*.json)",
                "  growth: states and seconds of the copy and rfc-v1 bench scenarios for 1..5 IOs at depth 1..4",
                "  viz:   load time of a 1,000,000-event trace and frame times",
                "  trace: CPU time of the trace reader on a 1,000,000-event trace against a Jackson streaming baseline",
                "         building the same entries (5 interleaved rounds, medians)",
                "  real:  fio (io_uring, O_DIRECT, 4 KiB randread/randwrite, QD 1/16/64, 1 and 2 jobs) in the project's VM",
                "         against kublk (built from the kernel's selftests source, cached) and the Java server, each in",
                "         copy, user-copy and zero-copy (where the kernel has it), the loop device over tmpfs and null_blk;",
                "         medians over interleaved rounds, p50/p99, Java/kublk per cell, the host's load",
                "  fidelity: the fidelity campaign with 1,000 scenarios per kernel (--scenarios N): conformance rate, coverage,",
                "         scenarios per minute and where the time goes (boot, the JVM under TCG, recording, conformance search)"})
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WHAT", description = "sim, check, growth, viz, trace, real or fidelity")
    String what;

    @picocli.CommandLine.Option(names = "--suite", paramLabel = "S", description = "real: guest kernel suite (trixie-backports: 7.x)")
    String suite;

    @picocli.CommandLine.Option(names = "--tcg", paramLabel = "MODE", defaultValue = "single",
            description = "real: QEMU TCG threading: single (default), multi or both (one boot each)")
    String tcg;

    @picocli.CommandLine.Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "real: interleaved rounds (default 3)")
    int rounds;

    @picocli.CommandLine.Option(names = "--runtime", paramLabel = "S", defaultValue = "1", description = "real: seconds per fio cell (default 1)")
    double runtime;

    @picocli.CommandLine.Option(names = "--server-jvm", paramLabel = "FLAGS", defaultValue = "-XX:TieredStopAtLevel=1",
            description = "real: JVM flags of the Java servers in the guest (default C1 only)")
    String serverJvm;

    @picocli.CommandLine.Option(names = "--with-c2", description = "real: also the Java servers with the default JIT (C1+C2), as java-c2")
    boolean withC2;

    @picocli.CommandLine.Option(names = "--scenarios", paramLabel = "N", description = "fidelity: scenarios per kernel (default 1000)")
    int scenarios = 1000;

    @Override
    public Integer call() {
        return switch (what) {
            case "sim" -> sim();
            case "check" -> check();
            case "growth" -> growth();
            case "viz" -> {
                dev.ublklab.viz.Viz.bench(System.out);
                yield Main.MET;
            }
            case "trace" -> trace();
            case "real" -> RealBenchRun.run(new RealBenchRun.Options(suite, tcg, rounds, runtime, serverJvm, withC2));
            case "fidelity" -> FidelityCommand.run("all", 0, scenarios, FidelityCommand.DEFAULT_SEED, null, 2, null, true, false, 24, null);
            default -> throw new Main.BadInput("unknown benchmark \"" + what + "\" (expected sim, check, growth, viz, trace, real or fidelity)");
        };
    }

    /**
     * Steps per second of one thread, by wall clock and by the thread's CPU time: on a shared machine
     * the CPU figure is the one that says what the code does.
     */
    private static void simOne(Scenario s) {
        java.lang.management.ThreadMXBean tm = java.lang.management.ManagementFactory.getThreadMXBean();
        Simulator sim = Simulator.of(s);
        long seed = 1;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 2_000_000_000L) {   // warm-up: let the JIT compile the model
            sim.run(Chooser.random(seed++), false);
        }
        long steps = 0;
        int runs = 0;
        t0 = System.nanoTime();
        long c0 = tm.getCurrentThreadCpuTime();
        while (System.nanoTime() - t0 < 3_000_000_000L) {
            steps += sim.run(Chooser.random(seed++), false).stepCount();
            runs++;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (tm.getCurrentThreadCpuTime() - c0) / 1e9;
        System.out.printf("%s (%s, %d IOs, %d queues, depth %d): %.0f steps/s wall, %.0f steps per CPU-second (%d runs, %.1f steps/run)%n",
                s.name(), s.setup().config().variant().id(), s.setup().ios().size(), s.setup().config().queues(),
                s.setup().config().depth(), steps / wall, steps / cpu, runs, (double) steps / runs);
        t0 = System.nanoTime();
        c0 = tm.getCurrentThreadCpuTime();
        for (long k = 1; k <= 10_000; k++) {
            sim.run(Chooser.random(k), false);
        }
        System.out.printf("%s: 10,000 seeds in %.2f s wall, %.2f s CPU (targets: < 30 s; 1,000,000 steps/s)%n", s.name(),
                (System.nanoTime() - t0) / 1e9, (tm.getCurrentThreadCpuTime() - c0) / 1e9);
    }

    private int check() {
        System.out.println("seed=none (exhaustive)");
        for (Path f : benchFiles("check-")) {
            Scenario s = Scenarios.load(f);
            System.out.println("== " + Scenarios.home().relativize(f));
            dev.ublklab.sim.check.CheckBench.run(new dev.ublklab.model.Model(s.setup()), 5_000_000L, System.out);
        }
        return Main.MET;
    }

    /** The cost table for the copy and rfc-v1 bench scenarios; cells past 3 million states show "+". */
    private int growth() {
        System.out.println("seed=none (exhaustive)");
        for (String name : new String[] {"check-copy.json", "check-rfc-v1.json"}) {
            Scenario s = Scenarios.load(Scenarios.home().resolve("bench").resolve(name));
            dev.ublklab.sim.check.CheckBench.growth(name, s.setup(), 5, 4, 3_000_000L, System.out);
        }
        return Main.MET;
    }

    private int sim() {
        System.out.println("seed=1 (seeds 1..N per figure)");
        for (Path f : benchFiles("sim-")) {
            Scenario s = Scenarios.load(f);
            simOne(s);
        }
        return Main.MET;
    }

    private int trace() {
        System.out.println("seed=none (a generated trace)");
        try {
            Path file = java.nio.file.Files.createTempFile("ublk-lab-bench", ".jsonl");
            try {
                dev.ublklab.viz.TraceGenerator.write(file, 1_000_000, 4, 32);
                System.out.printf(java.util.Locale.ROOT, "trace: 1,000,000 events, %d MB%n", java.nio.file.Files.size(file) >> 20);
                TraceReadBench.run(file, 5, System.out);
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new Main.BadInput("bench trace: " + e.getMessage());
        }
        return Main.MET;
    }

    /** scenarios/bench/PREFIX*.json in name order; none is bad input. */
    private static java.util.List<Path> benchFiles(String prefix) {
        Path dir = Scenarios.home().resolve("bench");
        java.util.List<Path> files = new java.util.ArrayList<>();
        try (var ls = java.nio.file.Files.list(dir)) {
            ls.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().forEach(files::add);
        } catch (java.io.IOException e) {
            throw new Main.BadInput(dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new Main.BadInput(dir + ": no " + prefix + "*.json benchmark scenarios");
        }
        return files;
    }
}
