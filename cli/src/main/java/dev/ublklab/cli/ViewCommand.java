package dev.ublklab.cli;

import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.SimTrace;
import dev.ublklab.sim.Simulator;
import dev.ublklab.sim.Step;
import dev.ublklab.trace.Src;
import dev.ublklab.viz.StateAt;
import dev.ublklab.viz.TraceData;
import dev.ublklab.viz.TraceLoad;
import dev.ublklab.viz.Viz;
import dev.ublklab.viz.VizException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "view", mixinStandardHelpOptions = true,
        description = {"Open the timeline viewer on a trace (.jsonl), or on a scenario (.json), which is run first.",
                "With a second file, the two are shown side by side with their first divergence."})
final class ViewCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE|SCENARIO")
    Path file;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OTHER", description = "a second trace or scenario to diff against")
    Path other;

    @Option(names = "--seed", description = "seed for running a scenario (default: its own)")
    Long seed;

    /** A trace for the viewer and the model states of its events. */
    record Loaded(TraceData trace, StateAt states) {}

    @Override
    public Integer call() {
        try {
            Loaded a = load(file, seed);
            Loaded b = other == null ? null : load(other, seed);
            Viz.view(a.trace(), b == null ? null : b.trace(), a.states());
        } catch (VizException e) {
            throw new Main.BadInput(e.getMessage());
        }
        return Main.MET;
    }

    /** The trace alone (for exports): a trace file, or the run of a scenario. */
    static TraceData traceOf(Path f, Long seed) {
        return f.toString().endsWith(".json") ? load(f, seed).trace() : TraceLoad.read(f);
    }

    /** A trace file read once, or a scenario run here and handed over in memory (no temporary file). */
    static Loaded load(Path f, Long seed) {
        if (!f.toString().endsWith(".json")) {
            ModelStates.Collector states = ModelStates.collector();
            TraceData t = TraceLoad.read(f, states::header, states::entry);
            return new Loaded(t, states.states());
        }
        Scenario s = Scenarios.portable(Scenarios.load(f));
        long used = seed != null ? seed : s.seed();
        boolean replay = s.schedule() != null && seed == null;
        Run run = Simulator.of(s).run(replay ? Chooser.replay(s.schedule()) : Chooser.random(used), true);
        List<Event> events = new ArrayList<>(run.steps().size());
        for (Step st : run.steps()) {
            events.add(st.event());
        }
        TraceData t = TraceLoad.of(SimTrace.header(s, Src.SIM, used), SimTrace.entries(run, Src.SIM), SimTrace.end(run));
        return new Loaded(t, ModelStates.of(new Model(s.setup()), events));
    }
}
