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

    @Override
    public Integer call() {
        Path a = traceOf(file, seed);
        Path b = other == null ? null : traceOf(other, seed);
        if (variant != null) {
            b = onVariant(file, seed, variant, other);
        }
        try {
            Viz.view(a, b, ModelStates.of(a));
        } catch (VizException e) {
            throw new Main.BadInput(e.getMessage());
        }
        return Main.MET;
    }

    /** The trace of scenario {@code f}'s interleaving replayed on {@code variant} (see {@link VariantReplay}). */
    static Path onVariant(Path f, Long seed, String variant, Path other) {
        if (other != null || !f.toString().endsWith(".json")) {
            throw new Main.BadInput("--variant needs one scenario file (.json) and no OTHER");
        }
        VariantReplay.Result r = VariantReplay.of(Scenarios.load(f), seed, CheckCommand.variantOf(variant));
        System.out.println("the same interleaving on " + variant + ": " + (r.divergedAt() < 0 ? "every event is enabled there too"
                : "diverges at step " + r.divergedAt() + " (that event is not enabled on " + variant + "; from there its own seed)"));
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
