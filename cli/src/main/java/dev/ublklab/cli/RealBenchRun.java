package dev.ublklab.cli;

import dev.ublklab.real.ublk.Control;
import dev.ublklab.real.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench real}: builds kublk from the kernel's selftests source on the host (real/vm/build-kublk.sh,
 * cached), then runs dev.ublklab.real.bench.FioBench in the guest (one boot per TCG threading mode) and
 * prints its figures with the host's load during the run.
 */
final class RealBenchRun {
    private RealBenchRun() {}

    record Options(String suite, String tcg, int rounds, double runtime, String serverJvm, boolean c2) {}

    static int run(Options o) {
        List<String> modes = switch (o.tcg()) {
            case "single", "multi" -> List.of(o.tcg());
            case "both" -> List.of("single", "multi");
            default -> throw new Main.BadInput("--tcg must be single, multi or both, got '" + o.tcg() + "'");
        };
        if (o.rounds() < 1 || o.runtime() <= 0) throw new Main.BadInput("--rounds must be >= 1 and --runtime > 0");
        try {
            String kublk = buildKublk();
            int rc = 0;
            for (String mode : modes) rc = Math.max(rc, once(o, mode, kublk));
            return rc;
        } catch (IOException e) {
            throw new Main.BadInput("bench real: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.NOT_MET;
        }
    }

    /** real/vm/build-kublk.sh's binary, or null (said why) when it cannot be had: the rest still runs. */
    private static String buildKublk() throws IOException, InterruptedException {
        Path script = Vm.scriptsDir().resolve("build-kublk.sh");
        Path log = Files.createTempFile("build-kublk", ".log");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectError(log.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            int rc = p.waitFor();
            for (String l : Files.readAllLines(log)) if (l.startsWith("[build-kublk]")) System.out.println(l);
            if (rc != 0 || out.isEmpty()) {
                System.out.println("kublk: unavailable (build-kublk.sh exit " + rc + "); no Java/kublk ratios, see " + log);
                return null;
            }
            Files.deleteIfExists(log);
            String[] lines = out.split("\n");
            return lines[lines.length - 1];
        } finally {
            if (Files.exists(log) && Files.size(log) == 0) Files.deleteIfExists(log);
        }
    }

    private static int once(Options o, String tcg, String kublk) throws IOException, InterruptedException {
        Path work = Scenarios.home().getParent().resolve("target").resolve("bench-real-vm-" + tcg);
        Files.createDirectories(work);
        List<String> args = new ArrayList<>(List.of("--work", work.toString(), "--rounds", "" + o.rounds(), "--runtime",
            "" + o.runtime(), "--server-jvm", o.serverJvm(), "--c2", "" + o.c2()));
        if (kublk != null) args.addAll(0, List.of("--kublk", kublk));
        List<String> cmd = Vm.javaCommand("dev.ublklab.real.bench.FioBench", args);
        boolean here = Control.available() && o.suite() == null;
        LoadSampler load = LoadSampler.start();
        long t0 = System.nanoTime();
        int rc = here ? new ProcessBuilder(cmd).inheritIO().start().waitFor()
            : Vm.run(cmd, new Vm.Options(o.suite(), work, Duration.ofMinutes(60)), Map.of("VM_TCG_THREAD", tcg));
        double s = (System.nanoTime() - t0) / 1e9;
        String loadText = load.stop();
        if (rc == 97) throw new Main.BadInput("the kernel for --suite " + o.suite() + " could not be obtained");
        if (rc != 0) throw new IllegalStateException("FioBench failed (exit " + rc + "); console: " + work.resolve("console.log"));
        System.out.printf("--- figures: %s, %.0f s wall%s; host load during the run (1-min average, %d cores): %s ---%n",
            here ? "this kernel" : "guest, TCG thread=" + tcg, s, here ? "" : " (VM boot included)",
            Runtime.getRuntime().availableProcessors(), loadText);
        printFigures(here ? null : work.resolve("console.log"));
        return Main.MET;
    }

    /** The guest console's FioBench lines and tables, without boot noise. */
    private static void printFigures(Path console) throws IOException {
        if (console == null || !Files.exists(console)) return;
        for (String line : Files.readAllLines(console)) {
            String l = line.replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "").strip();
            if (l.startsWith("fio-bench:") || l.startsWith("|")) System.out.println(l);
        }
    }

    /** Samples the host's /proc/loadavg every 5 s in a daemon thread. */
    static final class LoadSampler {
        private final List<Double> samples = new ArrayList<>();
        private final Thread thread;

        private LoadSampler() {
            thread = Thread.ofPlatform().daemon(true).name("load-sampler").start(this::loop);
        }

        static LoadSampler start() { return new LoadSampler(); }

        private void loop() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    sample();
                    Thread.sleep(5000);
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }

        private synchronized void sample() {
            try {
                samples.add(Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
            } catch (IOException | RuntimeException e) {
                // no /proc/loadavg: nothing to report
            }
        }

        synchronized String stop() {
            thread.interrupt();
            sample();
            if (samples.isEmpty()) return "unknown";
            double[] v = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return String.format("min %.2f, median %.2f, max %.2f over %d samples", v[0], v[v.length / 2], v[v.length - 1], v.length);
        }
    }
}
