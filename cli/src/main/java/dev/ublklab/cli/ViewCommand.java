package dev.ublklab.cli;

import dev.ublklab.model.Event;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.Setup;
import dev.ublklab.real.replay.GuestKernel;
import dev.ublklab.real.replay.RealPlan;
import dev.ublklab.real.replay.Recording;
import dev.ublklab.real.replay.Replay;
import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.SimTrace;
import dev.ublklab.sim.Simulator;
import dev.ublklab.sim.Step;
import dev.ublklab.sim.VariantReplay;
import dev.ublklab.trace.Header;
import dev.ublklab.trace.Src;
import dev.ublklab.viz.ModelReplay;
import dev.ublklab.viz.StateAt;
import dev.ublklab.viz.TraceData;
import dev.ublklab.viz.TraceLoad;
import dev.ublklab.viz.Viz;
import dev.ublklab.viz.VizException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            + " (`ublk-lab kernels` lists them) and show the two side by side, as --variant does; with a real trace, the"
            + " model version its State and Explore tabs explain it with (default: the recorded kernel's, from"
            + " TRACE.outcome.json, else the scenario's)")
    String kernel;

    /** A trace for the viewer and the model states of its events. */
    record Loaded(TraceData trace, StateAt states) {}

    @Override
    public Integer call() {
        try {
            Loaded a = load(file, seed, kernel);
            TraceData b = other == null ? null : load(other, seed).trace();
            boolean judgeKernel = kernel != null && variant == null && other == null && "real".equals(a.trace().header().src());
            if ((variant != null || kernel != null) && !judgeKernel) {
                b = onVariant(file, seed, variant, kernel, other);
            }
            Viz.view(a.trace(), b, a.states());
        } catch (VizException e) {
            throw new Main.BadInput(e.getMessage());
        }
        return Main.MET;
    }

    /**
     * The trace of scenario {@code f}'s interleaving replayed on {@code variant} and/or kernel
     * version {@code kernel} (either may be null; see {@link VariantReplay}).
     */
    static TraceData onVariant(Path f, Long seed, String variant, String kernel, Path other) {
        if (other != null || !f.toString().endsWith(".json")) {
            throw new Main.BadInput("--variant and --kernel need one scenario file (.json) and no OTHER");
        }
        Scenario s = Scenarios.load(f);
        Scenario b = variant == null ? s : s.withSetup(s.setup().withVariant(CheckCommand.variantOf(variant)));
        b = kernel == null ? b : Scenarios.onKernel(b, kernel);
        String where = (variant != null ? variant : "") + (variant != null && kernel != null ? " on " : "") + (kernel != null ? "kernel " + kernel : "");
        VariantReplay.Replayed r = VariantReplay.of(s, seed, b);
        System.out.println("the same interleaving on " + where + ": " + (r.divergedAt() < 0 ? "every event is enabled there too"
                : "diverges at step " + r.divergedAt() + " (that event is not enabled there; from there its own seed)"));
        return run(r.scenario(), null).trace();
    }

    /** The trace alone (for exports): a trace file, or the run of a scenario. */
    static TraceData traceOf(Path f, Long seed) {
        return f.toString().endsWith(".json") ? load(f, seed).trace() : TraceLoad.read(f);
    }

    /**
     * A trace file read once (the viewer's pass also collects the model events for the state
     * pane, whose scenario ModelReplay finds from the header), or a scenario run here and handed
     * over in memory (no temporary file).
     */
    static Loaded load(Path f, Long seed) {
        return load(f, seed, null);
    }

    /** As {@link #load(Path, Long)}; a real trace is explained by the model at kernel version {@code kernel} (null: see {@link #judge}). */
    static Loaded load(Path f, Long seed, String kernel) {
        if (!f.toString().endsWith(".json")) {
            KernelVersion k = kernel == null ? null : Scenarios.kernel(kernel);
            ModelReplay.Events events = new ModelReplay.Events();
            TraceData t = TraceLoad.read(f, events::header, events::entry);
            StateAt states = events.replay(f, t.events().ioIds(), (s, h, trace) -> judge(s, h, trace, k));
            if (t.header().stepTime() && states instanceof ModelReplay r && r.scenario() != null) {   // a model run: its kernel
                t = t.withKernel(r.scenario().setup().config().kernel().id());
            }
            return new Loaded(t, states);
        }
        return run(Scenarios.portable(Scenarios.load(f)), seed);
    }

    /**
     * The setup a real trace is explained with, as {@code replay} judges a recording: the data path
     * the header names ({@link Replay#setupFor}), the model version of the recorded kernel (its
     * {@code .outcome.json} sidecar, {@link GuestKernel#choose}) or {@code explicit}, else the
     * scenario's own, and tag policy any ({@link GuestKernel#judgeSetup}).
     */
    static ModelReplay.Judged judge(Scenario s, Header h, Path trace, KernelVersion explicit) {
        Setup plan = Replay.setupFor(s, RealPlan.dataPath(h.variant()));
        GuestKernel k;
        String why;
        if (Files.exists(Recording.outcomeFile(trace))) {
            try {
                k = GuestKernel.choose(Recording.read(s, trace).kernel(), explicit);
            } catch (IOException e) {
                throw new VizException("cannot read " + Recording.outcomeFile(trace) + ": " + e.getMessage());
            }
            why = "judged against the model's " + k.describe();
        } else {
            k = new GuestKernel(explicit != null ? explicit : s.setup().config().kernel(), null, explicit != null);
            why = "judged against the model's kernel " + k.version().id() + (explicit != null ? " (--kernel)"
                    : " (the scenario's: no " + Recording.outcomeFile(trace).getFileName() + " names the recorded kernel;"
                    + " view --kernel K chooses)");
        }
        return new ModelReplay.Judged(k.judgeSetup(plan), why);
    }

    /** Runs {@code s} (its recorded schedule, unless a seed is given) and keeps the run in memory. */
    static Loaded run(Scenario s, Long seed) {
        long used = seed != null ? seed : s.seed();
        boolean replay = s.schedule() != null && seed == null;
        Run run = Simulator.of(s).run(replay ? Chooser.replay(s.schedule()) : Chooser.random(used), true);
        List<Event> events = new ArrayList<>(run.steps().size());
        for (Step st : run.steps()) {
            events.add(st.event());
        }
        TraceData t = TraceLoad.of(SimTrace.header(s, Src.SIM, used), SimTrace.entries(run, Src.SIM), SimTrace.end(run))
                .withKernel(s.setup().config().kernel().id());
        return new Loaded(t, ModelReplay.of(s, events));
    }
}
