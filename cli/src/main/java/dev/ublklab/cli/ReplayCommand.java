package dev.ublklab.cli;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.real.replay.RealPlan;
import dev.ublklab.real.replay.Recording;
import dev.ublklab.real.replay.Replay;
import dev.ublklab.real.replay.Unexpressible;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.UblkException;
import dev.ublklab.real.vm.Vm;
import dev.ublklab.sim.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        header = "Replay a scenario on the real kernel's ublk_drv and judge whether it conforms to the model.",
        description = {"Replay a scenario on the real kernel's ublk_drv: the device from its",
                "config (RAM target), its server policy, its IOs with O_DIRECT in its order.",
                "Writes the real trace (src \"real\"), asks whether it is a behaviour of the",
                "model with the same variant, and judges the scenario's expect.",
                "Exit 0: conforms and met; 1: not; 2: bad input, a feature the real server",
                "cannot express, or an unsupported kernel. See docs/replay.md."})
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SCENARIO", description = "scenario file (JSON)")
    Path file;

    @Option(names = "--real", required = true, description = "replay on the real kernel (the only replay backend)")
    boolean real;

    @Option(names = "--variant", paramLabel = "V", description = "copy | user-copy | zero-copy (default: the scenario's)")
    String variant;

    @Option(names = "--vm", description = "run inside the project's QEMU guest (real/vm/run-in-vm.sh); the host judges the trace")
    boolean vm;

    @Option(names = "--suite", paramLabel = "S", description = "with --vm: guest kernel suite (trixie-backports: 7.x, zero copy)")
    String suite;

    @Option(names = "--trace", paramLabel = "FILE", description = "write the real trace as JSON Lines")
    Path trace;

    @Option(names = "--kernel", paramLabel = "V", description = "judge against this model version (default: the one of the"
            + " running kernel's release; `ublk-lab kernels` lists them)")
    String kernel;

    @Override
    public Integer call() throws Exception {
        Scenario s = Scenarios.load(file);
        KernelVersion explicit = null;
        if (kernel != null) {
            explicit = KernelVersion.parse(kernel);
            if (explicit == null) throw new Main.BadInput("--kernel " + kernel + ": unknown version (" + KernelVersion.names() + ")");
        }
        DataPath path;
        try {
            path = RealPlan.dataPath(variant != null ? variant : s.setup().config().variant().id());
            RealPlan.of(Replay.setupFor(s, path), path, true);   // refuse before any boot
            if (!vm) Replay.requireUblk();
        } catch (Unexpressible e) {
            throw new Main.BadInput(e.getMessage());
        }
        Outputs.precheck(trace);
        System.out.println("seed=" + s.seed());
        Replay.Report r;
        try {
            r = vm ? inGuest(s, path, explicit) : here(s, path, explicit);
        } catch (Unexpressible e) {
            throw new Main.BadInput(e.getMessage());
        }
        if (r == null) return Main.BAD_INPUT;
        Replay.describe(r).forEach(System.out::println);
        if (trace != null) {
            try {
                Replay.writeTrace(r, trace);
            } catch (IOException e) {
                throw Outputs.failure(trace, e);
            }
            System.out.println("trace: " + trace + " (" + r.trace().lines().size() + " events)");
        }
        return r.exitCode();
    }

    private Replay.Report here(Scenario s, DataPath path, KernelVersion explicit) throws InterruptedException {
        try {
            return Replay.judge(Replay.record(s, path, System.out::println), explicit);
        } catch (Unexpressible e) {
            throw new Main.BadInput(e.getMessage());
        } catch (UblkException e) {
            if (e.exitCode() == 2) throw new Main.BadInput(e.getMessage());
            throw e;
        }
    }

    /** Records in the guest (ReplayMain --record-only), judges here; null when the guest refused (exit 2). */
    private Replay.Report inGuest(Scenario s, DataPath path, KernelVersion explicit) throws IOException, InterruptedException {
        Path work = Scenarios.home().getParent().resolve("target").resolve("replay-vm");
        Files.createDirectories(work);
        Path recorded = work.resolve(s.name() + "." + path.word() + ".jsonl");
        Files.deleteIfExists(recorded);
        Files.deleteIfExists(Recording.outcomeFile(recorded));
        List<String> args = new ArrayList<>(List.of(file.toAbsolutePath().toString(), "--variant", path.word(),
            "--record-only", "--trace", recorded.toString()));
        long t0 = System.nanoTime();
        int rc = Vm.run(Vm.javaCommand("dev.ublklab.real.replay.ReplayMain", args),
            new Vm.Options(suite, work, Duration.ofMinutes(10)));
        System.out.printf("guest: exit %d after %.1f s (boot included)%n", rc, (System.nanoTime() - t0) / 1e9);
        if (rc == 2) return null;
        if (rc == 97) throw new Main.BadInput("the kernel for --suite " + suite + " could not be obtained");
        if (rc != 0 || !Files.exists(Recording.outcomeFile(recorded))) {
            throw new IllegalStateException("the guest run failed (exit " + rc + "); console: " + work.resolve("console.log"));
        }
        return Replay.judge(Recording.read(s, recorded), explicit);
    }
}
