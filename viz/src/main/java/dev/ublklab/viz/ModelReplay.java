package dev.ublklab.viz;

import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.World;
import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioException;
import dev.ublklab.sim.ScenarioWriter;
import dev.ublklab.sim.Simulator;
import dev.ublklab.sim.StateText;
import dev.ublklab.sim.Step;
import dev.ublklab.sim.StepFormat;
import dev.ublklab.trace.Entry;
import dev.ublklab.trace.Header;
import dev.ublklab.trace.Src;
import dev.ublklab.trace.TraceReader;
import dev.ublklab.sim.SimTrace;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulator or checker trace replayed through the model: the state after every event (as text
 * and as a tree marked with what changed), the events enabled after any step, and branches (as
 * DSLabs' debugger does): take another enabled event at a step, run on with the scenario's seed,
 * and save the branch as a scenario whose schedule replays it.
 */
public final class ModelReplay implements StateAt {
    private static final int MAX_EVENTS = 200_000;
    private final Scenario scenario;
    private final Model model;
    private final List<Event> events;
    private final List<World> states = new ArrayList<>();
    private final List<Integer> choices = new ArrayList<>();

    ModelReplay(Scenario scenario, List<Event> events) {
        this.scenario = scenario;
        this.model = new Model(scenario.setup());
        this.events = new ArrayList<>();
        World w = model.initial();
        for (Event e : events) {
            int k = model.enabled(w).indexOf(e);
            if (k < 0 || !(model.apply(w, e) instanceof Outcome.Next n)) {
                break;   // the trace and the scenario disagree: states up to here
            }
            this.events.add(e);
            choices.add(k);
            w = n.world();
            states.add(w);
        }
    }

    /**
     * The replay of {@code trace} through the scenario its header names ({@code scenarioFile},
     * found as given, beside the trace, or under $UBLK_LAB_HOME), or {@link StateAt#NONE}.
     */
    public static StateAt of(Path trace) {
        Events c = new Events();
        try (BufferedReader in = Files.newBufferedReader(trace, StandardCharsets.UTF_8)) {
            TraceReader r = new TraceReader(in, trace.toString());
            c.header(r.header());
            for (Entry e = r.next(); e != null; e = r.next()) {
                c.entry(e);
            }
        } catch (IOException | RuntimeException e) {
            return StateAt.NONE;
        }
        return c.replay(trace);
    }

    /** A run held in memory: its scenario and events. */
    public static ModelReplay of(Scenario s, List<Event> events) {
        return new ModelReplay(s, events);
    }

    /**
     * The model events of a trace, collected while something else reads it (the viewer's one
     * pass, {@link TraceLoad#read(Path, java.util.function.Consumer, java.util.function.Consumer)}).
     */
    public static final class Events {
        private Header header;
        private final List<Event> events = new ArrayList<>();
        private boolean usable = true;

        public void header(Header h) {
            header = h;
            usable = h.src() != Src.REAL && h.scenarioFile() != null;
        }

        public void entry(Entry e) {
            if (!usable) {
                return;
            }
            Event m = e.event().toModel();
            if (m == null || events.size() >= MAX_EVENTS) {
                usable = false;
                events.clear();
                return;
            }
            events.add(m);
        }

        /** The replay through the scenario the header names, found from {@code trace}'s place, or NONE. */
        public StateAt replay(Path trace) {
            if (header == null || !usable) {
                return StateAt.NONE;
            }
            Path file = locate(trace, header.scenarioFile());
            if (file == null) {
                return StateAt.NONE;
            }
            try {
                return new ModelReplay(ScenarioCodec.read(file), events);
            } catch (ScenarioException | RuntimeException e) {
                return StateAt.NONE;
            }
        }
    }

    private static Path locate(Path trace, String name) {
        List<Path> candidates = new ArrayList<>(List.of(Path.of(name)));
        if (trace.toAbsolutePath().getParent() != null) {
            candidates.add(trace.toAbsolutePath().getParent().resolve(name));
        }
        String home = System.getenv("UBLK_LAB_HOME");
        if (home != null) {
            candidates.add(Path.of(home).resolve(name));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            candidates.add(p.resolve(name));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    }

    public Scenario scenario() { return scenario; }
    /** How many of the trace's events the model replayed. */
    public int replayed() { return states.size(); }

    private World before(int event) {
        return event <= 0 ? model.initial() : states.get(event - 1);
    }

    @Override
    public String after(int event) {
        return event >= 0 && event < states.size() ? StateText.describe(model, states.get(event)) : null;
    }

    /** The state after {@code event} as a tree, rows marked where they differ from the state before it. */
    @Override
    public StateNode tree(int event) {
        if (event < 0 || event >= states.size()) {
            return null;
        }
        return StateTree.of(model, states.get(event)).build(StateTree.of(model, before(event)));
    }

    /** The events enabled after {@code event} (-1: in the initial state), one line each, numbered as the next step. */
    public List<String> enabledAfter(int event) {
        World w = event < 0 ? model.initial() : states.get(Math.min(event, states.size() - 1));
        List<String> out = new ArrayList<>();
        for (Event e : model.enabled(w)) {
            out.add(StepFormat.line(model.setup(), event + 2, e, model.step(w, e).facts()).strip());
        }
        return out;
    }

    /** A branch: the scenario with the schedule that replays it, its trace and its replay. */
    public record Branch(Scenario scenario, TimelineModel model, ModelReplay states, int at) {}

    /**
     * The run that takes the same events up to and including {@code event} (-1: none), then the
     * {@code choice}-th enabled event, then goes on with the scenario's seed.
     */
    public Branch branch(int event, int choice) {
        List<Integer> prefix = new ArrayList<>(choices.subList(0, Math.max(0, Math.min(event + 1, choices.size()))));
        prefix.add(choice);
        Chooser then = Chooser.random(scenario.seed());
        Run run = Simulator.of(scenario).run(new Chooser() {
            private int at;

            @Override
            public int choose(int n) {
                return at < prefix.size() ? prefix.get(at++) : then.choose(n);
            }
        }, true);
        Scenario b = new Scenario(scenario.name() + "-branch", "A branch of " + scenario.name() + " taken in the viewer at step "
                + (event + 2) + ": " + enabledAfter(event).get(choice), scenario.file(), scenario.setup(), scenario.expect(),
                scenario.seed(), run.schedule(), scenario.maxSteps());
        TimelineModel m = TimelineModel.of(TraceLoad.of(SimTrace.header(b, Src.SIM, b.seed()), SimTrace.entries(run, Src.SIM),
                SimTrace.end(run)));
        return new Branch(b, m, new ModelReplay(b, run.steps().stream().map(Step::event).toList()), event + 1);
    }

    /** Writes the branch as a scenario file (its schedule replays it with {@code ublk-lab run}). */
    public static void save(Branch b, Path out) {
        String text = ScenarioWriter.write(b.scenario());
        OutputFile.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
