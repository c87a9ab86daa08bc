package dev.ublklab.cli;

import dev.ublklab.real.ublk.Control;
import dev.ublklab.real.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code bench real}: dev.ublklab.real.bench.RealBench in the guest (or here when this kernel has ublk), then its figures. */
final class RealBenchRun {
    private RealBenchRun() {}

    static int run(String suite) {
        List<String> cmd = Vm.javaCommand("dev.ublklab.real.bench.RealBench", List.of("1", "2000", "20000"));
        Path work = Scenarios.home().getParent().resolve("target").resolve("bench-real-vm");
        try {
            Files.createDirectories(work);
            long t0 = System.nanoTime();
            int rc;
            if (Control.available() && suite == null) {
                rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
            } else {
                rc = Vm.run(cmd, new Vm.Options(suite, work, Duration.ofMinutes(15)));
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (rc == 97) throw new Main.BadInput("the kernel for --suite " + suite + " could not be obtained");
            if (rc != 0) throw new IllegalStateException("RealBench failed (exit " + rc + "); console: " + work.resolve("console.log"));
            System.out.printf("--- figures (%.1f s wall%s) ---%n", s, Control.available() && suite == null ? "" : ", VM boot included");
            printFigures(work.resolve("console.log"));
            return Main.MET;
        } catch (IOException e) {
            throw new Main.BadInput("bench real: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.NOT_MET;
        }
    }

    /** The guest console's RealBench lines (kernel, figures, ratios) without boot noise. */
    private static void printFigures(Path console) throws IOException {
        if (!Files.exists(console)) return;
        for (String line : Files.readAllLines(console)) {
            String l = line.replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "").strip();
            if (l.startsWith("kernel ") || l.startsWith("ublk ") || l.startsWith("loop ") || l.startsWith("zero-copy")
                || l.startsWith("---")) {
                System.out.println(l);
            }
        }
    }
}
