package dev.ublklab.cli;

import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.Simulator;
import dev.ublklab.sim.TraceCodec;
import dev.ublklab.sim.VariantReplay;
import dev.ublklab.viz.Viz;
import dev.ublklab.viz.VizException;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "view", mixinStandardHelpOptions = true,
        header = "Open the timeline viewer on a trace or a scenario (two files: side by side, aligned).",
        description = {"Open the timeline viewer on a trace (.jsonl), or on a scenario (.json), which is run first.",
                "With a second file, the two are shown side by side with their first divergence."},
        footerHeading = "%nKeys and mouse in the viewer (also behind ? in the window):%n",
        footer = dev.ublklab.viz.Viewer.KEYS)
final class ViewCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE|SCENARIO")
    Path file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OTHER", description = "a second trace or scenario to diff against")
    Path other;

    @Option(names = "--seed", description = "seed for running a scenario (default: its own)")
    Long seed;

    @Option(names = "--variant", paramLabel = "V", description = "replay the scenario's interleaving on variant V as well"
            + " and show the two side by side, aligned on events, the first divergence marked")
    String variant;

    @Option(names = "--kernel", paramLabel = "K", description = "replay the scenario's interleaving on kernel version K as well"
            + " (`ublk-lab kernels` lists them) and show the two side by side, as --variant does")
    String kernel;

    @Override
    public Integer call() {
        Path a = traceOf(file, seed);
        Path b = other == null ? null : traceOf(other, seed);
        if (variant != null || kernel != null) {
            b = onVariant(file, seed, variant, kernel, other);
        }
        try {
            Viz.view(a, b, dev.ublklab.viz.ModelReplay.of(a));
        } catch (VizException e) {
            throw new Main.BadInput(e.getMessage());
        }
        return Main.MET;
    }

    /**
     * The trace of scenario {@code f}'s interleaving replayed on {@code variant} and/or kernel
     * version {@code kernel} (either may be null; see {@link VariantReplay}).
     */
    static Path onVariant(Path f, Long seed, String variant, String kernel, Path other) {
        if (other != null || !f.toString().endsWith(".json")) {
            throw new Main.BadInput("--variant and --kernel need one scenario file (.json) and no OTHER");
        }
        Scenario s = Scenarios.load(f);
        Scenario b = variant == null ? s : s.withSetup(s.setup().withVariant(CheckCommand.variantOf(variant)));
        b = kernel == null ? b : Scenarios.onKernel(b, kernel);
        String where = (variant != null ? variant : "") + (variant != null && kernel != null ? " on " : "") + (kernel != null ? "kernel " + kernel : "");
        VariantReplay.Result r = VariantReplay.of(s, seed, b);
        System.out.println("the same interleaving on " + where + ": " + (r.divergedAt() < 0 ? "every event is enabled there too"
                : "diverges at step " + r.divergedAt() + " (that event is not enabled there; from there its own seed)"));
        return traceOf(r.scenario(), null);
    }

    /** A trace file for {@code f}: itself, or the trace of running the scenario it names. */
    static Path traceOf(Path f, Long seed) {
        if (!f.toString().endsWith(".json")) {
            return f;
        }
        return traceOf(Scenarios.load(f), seed);
    }

    static Path traceOf(Scenario s, Long seed) {
        long used = seed != null ? seed : s.seed();
        boolean replay = s.schedule() != null && seed == null;
        Run run = Simulator.of(s).run(replay ? Chooser.replay(s.schedule()) : Chooser.random(used), true);
        try {
            Path t = Files.createTempFile("ublk-lab-" + s.name(), ".jsonl");
            t.toFile().deleteOnExit();
            try (Writer w = Files.newBufferedWriter(t)) {
                new TraceCodec(s.setup()).write(w, s, used, run);
            }
            return t;
        } catch (IOException e) {
            throw new Main.BadInput("cannot write a temporary trace: " + e.getMessage());
        }
    }
}
