package dev.ublklab.viz;

import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.World;
import dev.ublklab.model.Setup;
import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Conformance;
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
import dev.ublklab.trace.Observation;
import dev.ublklab.trace.TraceEvent;
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
 * A trace replayed through the model: the state after every event (as text and as a tree marked
 * with what changed), the events enabled after any step, and branches (as DSLabs' debugger does):
 * take another enabled event at a step, run on with the scenario's seed, and save the branch as a
 * scenario whose schedule replays it. A simulator or checker trace is replayed event by event; a
 * real trace by the model run the conformance search finds for its observations, as far as the
 * model explains them.
 */
public final class ModelReplay implements StateAt {
    private static final int MAX_EVENTS = 200_000;
    /** The conformance search's bound, as {@code replay} and the fidelity campaign judge a real run. */
    private static final int MAX_STATES = 200_000;
    private final Scenario scenario;
    private final Model model;
    private final List<Event> events;
    private final List<World> states = new ArrayList<>();
    private final List<Integer> choices = new ArrayList<>();
    /** For each trace event whose state is known: after how many model steps (0: the initial state). */
    private final int[] at;
    /** Real traces: which events are records, not observations (null for simulator traces). */
    private final boolean[] records;
    private final String against;
    private final String unexplained;

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
        this.at = new int[states.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = i + 1;
        }
        this.against = null;
        this.records = null;
        this.unexplained = states.size() < events.size()
                ? "the trace and its scenario disagree at step " + (states.size() + 1) + ": the model cannot take that event there"
                : null;
    }

    /**
     * A real trace explained by the model: the conformance search ({@link Conformance#witness}, as
     * the fidelity campaign judges; {@code replay} runs its breadth-first form) finds a model run that shows the trace's observations in order; the
     * state after a trace event is the state after the model step that showed its observation (an
     * event that is no observation, such as a BACKEND_* record, keeps the state before it). When
     * the model cannot explain the trace, the states go as far as the observations it explains.
     */
    private ModelReplay(Scenario judged, List<TraceEvent> trace, List<String> ioIds, String against) {
        this.scenario = judged;
        this.model = new Model(judged.setup());
        this.events = new ArrayList<>();
        this.against = against;
        List<Observation> obs = new ArrayList<>();
        List<Integer> entryOf = new ArrayList<>();
        this.records = new boolean[trace.size()];
        for (int i = 0; i < trace.size(); i++) {
            List<Observation> o = Observation.of(trace.get(i), ioIds);
            records[i] = o.isEmpty();
            for (Observation x : o) {
                obs.add(x);
                entryOf.add(i);
            }
        }
        Conformance.Witnessed w = Conformance.witness(model, obs, MAX_STATES);
        int explained = w.result().conforms() ? obs.size() : w.result().explained();
        List<Step> path = w.steps();
        String why = w.result().conforms() ? null : w.result().reason()
                + " (trace step " + (entryOf.get(w.result().failedAt()) + 1) + ")"
                + (w.expected().isEmpty() ? "" : "; the model could show: " + String.join(" | ", w.expected()));
        if (!w.result().conforms() && explained > 0) {   // the prefix it explains: one run that shows it
            Conformance.Witnessed p = Conformance.witness(model, obs.subList(0, explained), MAX_STATES);
            path = p.result().conforms() ? p.steps() : List.of();
            explained = p.result().conforms() ? explained : 0;
        }
        int[] atObs = new int[explained];
        int j = walk(path, obs.subList(0, explained), atObs);
        if (j < explained) {
            why = "the conformance run does not show observation " + (j + 1) + ": " + obs.get(j);
        }
        int known = j == obs.size() ? trace.size() : entryOf.get(j);   // events before the first unexplained one
        this.at = new int[known];
        for (int i = 0, k = 0, last = 0; i < known; i++) {
            while (k < j && entryOf.get(k) == i) {
                last = atObs[k++];
            }
            at[i] = last;
        }
        this.unexplained = why;
    }

    /**
     * Walks the conformance run, taking each model step, and records after how many steps each
     * observation is shown (a client's {@code complete} as soon as the model has made that
     * completion, as the search matches it); returns how many observations it placed.
     */
    private int walk(List<Step> path, List<Observation> obs, int[] atObs) {
        World w = model.initial();
        List<String> pending = new ArrayList<>();
        int j = reap(obs, 0, pending, atObs, 0);
        for (Step s : path) {
            if (j == obs.size()) {
                break;
            }
            int k = model.enabled(w).indexOf(s.event());
            if (k < 0 || !(model.apply(w, s.event()) instanceof Outcome.Next n)) {
                break;
            }
            events.add(s.event());
            choices.add(k);
            w = n.world();
            states.add(w);
            List<Observation> shows = Observation.of(model.setup(), s.event(), n.facts());
            int from = 0;
            if (!shows.isEmpty() && !(shows.get(0) instanceof Observation.Complete)) {
                if (!shows.get(0).equals(obs.get(j))) {
                    break;
                }
                atObs[j++] = states.size();
                from = 1;
            }
            for (Observation c : shows.subList(from, shows.size())) {
                Observation.Complete done = (Observation.Complete) c;
                pending.add(done.io() + "=" + done.result());
            }
            j = reap(obs, j, pending, atObs, states.size());
        }
        return j;
    }

    private static int reap(List<Observation> obs, int j, List<String> pending, int[] atObs, int steps) {
        while (j < obs.size() && obs.get(j) instanceof Observation.Complete c && pending.remove(c.io() + "=" + c.result())) {
            atObs[j++] = steps;
        }
        return j;
    }

    /** How a real trace is judged: the setup the model explains it with, and in words against what (a kernel version). */
    public record Judged(Setup setup, String against) {}

    /** Chooses the setup for a real trace of scenario {@code s} (the command line: the recorded kernel's model version). */
    @FunctionalInterface
    public interface Judge {
        Judged judge(Scenario s, Header header, Path trace);
    }

    /** A real trace's events explained by the model with {@code judged} (see the constructor); never throws. */
    public static ModelReplay ofReal(Scenario s, Judged judged, List<TraceEvent> trace, List<String> ioIds) {
        return new ModelReplay(s.withSetup(judged.setup()), trace, ioIds, judged.against());
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
        private final List<TraceEvent> real = new ArrayList<>();
        private boolean usable = true;
        private boolean tooLong;

        public void header(Header h) {
            header = h;
            usable = h.scenarioFile() != null || h.src() == Src.REAL;
        }

        public void entry(Entry e) {
            if (!usable) {
                return;
            }
            if (events.size() + real.size() >= MAX_EVENTS) {
                usable = false;
                tooLong = true;
                events.clear();
                real.clear();
                return;
            }
            if (header.src() == Src.REAL) {
                real.add(e.event());
                return;
            }
            Event m = e.event().toModel();
            if (m == null) {
                usable = false;
                events.clear();
                return;
            }
            events.add(m);
        }

        /** The replay through the scenario the header names, found from {@code trace}'s place, or NONE (real traces: {@link #replay(Path, List, Judge)}). */
        public StateAt replay(Path trace) {
            return header != null && header.src() == Src.REAL ? StateAt.NONE : replay(trace, List.of(), null);
        }

        /**
         * As {@link #replay(Path)}; a real trace ({@code ioIds} its IO ids) is explained by the model
         * with the setup {@code judge} chooses. For a real trace the answer is never NONE: where the
         * model cannot explain it (no scenario, a refused kernel, an unexplained observation) the
         * replay says why ({@link #unexplained()}).
         */
        public StateAt replay(Path trace, List<String> ioIds, Judge judge) {
            boolean isReal = header != null && header.src() == Src.REAL;
            if (header == null || (!usable && !isReal) || (isReal && judge == null)) {
                return StateAt.NONE;
            }
            Path beside = besideScenario(trace);
            if (isReal && header.scenarioFile() == null && beside == null) {
                return unexplained("the trace's header names no scenario file (and no " + scenarioName(trace)
                        + " is beside it), so the model has nothing to replay it with");
            }
            if (isReal && tooLong) {
                return unexplained("the trace has more than " + MAX_EVENTS + " events: not replayed");
            }
            Path file = header.scenarioFile() == null ? beside : locate(trace, header.scenarioFile());
            if (file == null) {
                return isReal ? unexplained("the scenario file " + header.scenarioFile() + " was not found (as given, beside the"
                        + " trace, under $UBLK_LAB_HOME or the current directory's parents)") : StateAt.NONE;
            }
            try {
                Scenario s = ScenarioCodec.read(file);
                return isReal ? ofReal(s, judge.judge(s, header, trace), real, ioIds) : new ModelReplay(s, events);
            } catch (ScenarioException | RuntimeException e) {
                return isReal ? unexplained(e.getMessage()) : StateAt.NONE;
            }
        }
    }

    /** A replay with no state at all, saying why (the State and Explore tabs show it). */
    static ModelReplay unexplained(String why) {
        return new ModelReplay(why);
    }

    private ModelReplay(String why) {
        this.scenario = null;
        this.model = null;
        this.events = List.of();
        this.at = new int[0];
        this.records = null;
        this.against = null;
        this.unexplained = why == null ? "the model cannot replay this trace" : why;
    }

    /** A recording kept as a divergence: {@code NAME.trace.jsonl} beside {@code NAME.scenario}. */
    private static String scenarioName(Path trace) {
        String n = trace.getFileName().toString();
        return (n.endsWith(".trace.jsonl") ? n.substring(0, n.length() - ".trace.jsonl".length()) : n.replaceFirst("\\.jsonl$", ""))
                + ".scenario";
    }

    private static Path besideScenario(Path trace) {
        Path p = trace.toAbsolutePath().resolveSibling(scenarioName(trace));
        return Files.isRegularFile(p) ? p : null;
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
    /** How many of the trace's events have a known model state (from the first on). */
    public int replayed() { return at.length; }

    /** Why the state stops before the trace's end (the first observation the model cannot explain), or null. */
    public String unexplained() { return unexplained; }

    /** A real trace's: what the model judged it against (a kernel version), else null. */
    public String against() { return against; }

    /** A line for the State tab about the state after {@code event}, or null. */
    public String noteAt(int event) {
        if (event >= at.length) {
            return unexplained == null ? null : "no model state for this step: " + unexplained;
        }
        if (records != null && records[event]) {
            return "this event is a record, not an observation: the state after the last observation";
        }
        return null;
    }

    /**
     * The model states of a simulator or checker trace, as the checker's raw fingerprints (tag
     * names and generations as the checker closes a lasso with): element 0 is the initial state,
     * element i the state after event i-1; null for a real trace or one the model cannot replay whole.
     */
    long[] stateFingerprints(int events) {
        if (model == null || records != null || at.length != events) {
            return null;
        }
        dev.ublklab.sim.check.Fingerprints fp = new dev.ublklab.sim.check.Fingerprints(model, false);
        long[] out = new long[events + 1];
        for (int i = 0; i <= events; i++) {
            out[i] = fp.of(world(i == 0 ? 0 : at[i - 1]));
        }
        return out;
    }

    private World world(int steps) {
        return steps <= 0 ? model.initial() : states.get(steps - 1);
    }

    @Override
    public String after(int event) {
        return event >= 0 && event < at.length ? StateText.describe(model, world(at[event])) : null;
    }

    /** The state after {@code event} as a tree, rows marked where they differ from the state after the event before it. */
    @Override
    public StateNode tree(int event) {
        if (event < 0 || event >= at.length) {
            return null;
        }
        return StateTree.of(model, world(at[event])).build(StateTree.of(model, world(event == 0 ? 0 : at[event - 1])));
    }

    /** The events enabled after {@code event} (-1: in the initial state), one line each, numbered as the next model step. */
    public List<String> enabledAfter(int event) {
        if (model == null || event >= at.length) {
            return List.of();
        }
        int steps = event < 0 ? 0 : at[event];
        World w = world(steps);
        List<String> out = new ArrayList<>();
        for (Event e : model.enabled(w)) {
            out.add(StepFormat.line(model.setup(), steps + 1, e, model.step(w, e).facts()).strip());
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
        int steps = event < 0 ? 0 : at[Math.min(event, at.length - 1)];
        List<Integer> prefix = new ArrayList<>(choices.subList(0, steps));
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
                + (steps + 1) + ": " + enabledAfter(event).get(choice), scenario.file(), scenario.setup(), scenario.expect(),
                scenario.seed(), run.schedule(), scenario.maxSteps());
        TimelineModel m = TimelineModel.of(TraceLoad.of(SimTrace.header(b, Src.SIM, b.seed()), SimTrace.entries(run, Src.SIM),
                SimTrace.end(run)));
        return new Branch(b, m, new ModelReplay(b, run.steps().stream().map(Step::event).toList()), steps);
    }

    /** Writes the branch as a scenario file (its schedule replays it with {@code ublk-lab run}). */
    public static void save(Branch b, Path out) {
        String text = ScenarioWriter.write(b.scenario());
        OutputFile.write(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
    }
}
