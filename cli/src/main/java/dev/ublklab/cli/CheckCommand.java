package dev.ublklab.cli;

import dev.ublklab.sim.Judgement;
import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.Variant;
import dev.ublklab.model.World;
import dev.ublklab.sim.Judge;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioWriter;
import dev.ublklab.sim.SimTrace;
import dev.ublklab.sim.StepFormat;
import dev.ublklab.sim.check.Checker;
import dev.ublklab.sim.check.Options;
import dev.ublklab.sim.check.Result;
import dev.ublklab.sim.check.Stats;
import dev.ublklab.sim.check.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Explore every interleaving the scenario allows (breadth first, canonical states) and either",
                "prove its invariants within the bounds or print the shortest, minimised way to break them."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SCENARIO", description = "scenario file (JSON)")
    Path file;

    @Option(names = "--variant", description = "check this driver variant instead of the scenario's")
    String variant;

    @Option(names = "--workers", defaultValue = "1", description = "threads (default ${DEFAULT-VALUE}); results do not depend on it")
    int workers;

    @Option(names = "--max-states", defaultValue = "50000000", description = "stop cleanly after this many distinct states")
    long maxStates;

    @Option(names = "--no-symmetry", description = "do not reduce states by tag symmetry")
    boolean noSymmetry;

    @Option(names = "--graph", paramLabel = "FILE", description = "write the state graph (.dot or .graphml)")
    Path graph;

    @Option(names = "--out", paramLabel = "FILE", description = "write the counterexample as a scenario with its schedule")
    Path out;

    @Option(names = "--trace", paramLabel = "FILE", description = "write the counterexample as a trace (JSON Lines, src check)")
    Path trace;

    @Override
    public Integer call() {
        Scenario s = Scenarios.load(file);
        if (variant != null) {
            s = withVariant(s, variant);
        }
        if (workers < 1) throw new Main.BadInput("--workers must be at least 1");
        Model model = new Model(s.setup());
        Options o = Options.defaults().withInvariants(s.expect().checked()).withWorkers(workers).withMaxStates(maxStates)
                .withSymmetry(!noSymmetry).withGraph(graph).withProgress(System.err, 3000);
        System.out.println("seed=none (exhaustive) scenario=" + s.name() + " variant=" + s.setup().config().variant().id()
                + " workers=" + workers + (noSymmetry ? " symmetry=off" : ""));
        Result r;
        try {
            r = Checker.check(model, o);
        } catch (IllegalArgumentException e) {
            throw new Main.BadInput(file + ": " + e.getMessage());
        }
        return report(s, model, r);
    }

    private int report(Scenario s, Model model, Result r) {
        switch (r) {
            case Result.Passed p -> System.out.println("passed: every checked invariant holds in every reachable state");
            case Result.Violated v -> counterexample(s, model, "violated " + v.invariant() + ": " + v.explanation(), v.shortest(), v.minimised());
            case Result.Deadlocked d -> counterexample(s, model, "deadlocked: " + d.explanation(), d.shortest(), d.minimised());
            case Result.Livelock l -> {
                System.out.println("livelock: " + l.explanation());
                World entry = print(model, "prefix", l.prefix(), model.initial(), 1);
                print(model, "cycle (repeats forever, no IO completes)", l.cycle(), entry, l.prefix().size() + 1);
            }
            case Result.LimitReached l -> System.out.println("limit reached: " + l.reason() + " (covered " + l.covered() + " states, depth " + l.depth() + ")");
        }
        System.out.println(stats(r));
        if (trace != null && r.broken() != null) {
            writeTrace(s, model, r);
        }
        Judgement v = Judge.check(s.expect(), r);
        if (r instanceof Result.LimitReached) {
            System.out.println("expectation NOT met: inconclusive");
        } else {
            System.out.println("expectation " + (v.met() ? "met" : "NOT met") + (r.broken() == null ? "" : ": " + r.broken() + " violated"));
        }
        return v.met() ? Main.MET : Main.NOT_MET;
    }

    private static String stats(Result r) {
        Stats st = switch (r) {
            case Result.Passed p -> p.stats();
            case Result.Violated v -> v.stats();
            case Result.Deadlocked d -> d.stats();
            case Result.Livelock l -> l.stats();
            case Result.LimitReached l -> l.stats();
        };
        return st.summary();
    }

    private void counterexample(Scenario s, Model model, String headline, Trace shortest, Trace minimised) {
        System.out.println(headline);
        System.out.println("shortest trace: " + shortest.size() + " steps; minimised: " + minimised.size() + " steps");
        print(model, "minimised steps", minimised, model.initial(), 1);
        if (out != null) {
            Scenario cex = s.withSchedule(minimised.schedule());
            try {
                Files.writeString(out, ScenarioWriter.write(new Scenario(s.name() + "-counterexample",
                        "Counterexample found by ublk-lab check: " + headline, out.toString(), cex.setup(), s.expect(),
                        s.seed(), minimised.schedule(), s.maxSteps())));
            } catch (IOException e) {
                throw new Main.BadInput("cannot write " + out + ": " + e.getMessage());
            }
            System.out.println("counterexample scenario: " + out + " (replay: ublk-lab run " + out + ")");
        }
    }

    private void writeTrace(Scenario s, Model model, Result r) {
        try (java.io.Writer w = Files.newBufferedWriter(trace)) {
            SimTrace.writeCounterexample(w, Scenarios.portable(s), model, r);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new Main.BadInput("cannot write trace " + trace + ": " + e.getMessage());
        }
        System.out.println("counterexample trace: " + trace + " (ublk-lab view " + trace + ")");
    }

    /** Prints {@code t}'s steps from {@code w}, numbered from {@code n}; returns the state they reach. */
    private static World print(Model model, String title, Trace t, World w, int n) {
        System.out.println(title + ":");
        for (Event e : t.events()) {
            Outcome.Next next = model.step(w, e);
            System.out.println(StepFormat.line(model.setup(), n++, e, next.facts()));
            w = next.world();
        }
        return w;
    }

    static Scenario withVariant(Scenario s, String name) {
        Variant v = Variant.parse(name);
        if (v == null || !v.modelled()) {
            throw new Main.BadInput("--variant: " + (v == null ? "unknown variant \"" + name + "\"" : "variant \"" + name + "\" is not modelled yet"));
        }
        return s.withSetup(s.setup().withVariant(v)).withSchedule(null);
    }

}
