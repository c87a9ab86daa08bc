package dev.ublklab.cli;

import dev.ublklab.sim.Judgement;
import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.Variant;
import dev.ublklab.model.World;
import dev.ublklab.sim.Expect;
import dev.ublklab.sim.Judge;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioWriter;
import dev.ublklab.sim.SimTrace;
import dev.ublklab.sim.StepFormat;
import dev.ublklab.sim.check.Checker;
import dev.ublklab.sim.check.Findings;
import dev.ublklab.sim.check.Options;
import dev.ublklab.sim.check.CheckResult;
import dev.ublklab.sim.check.Stats;
import dev.ublklab.sim.check.Counterexample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true,
        header = "Explore every interleaving a scenario allows and prove its invariants or print a minimised counterexample.",
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

    @Option(names = "--out", paramLabel = "FILE|DIR", description = {"write the counterexample as a scenario with its schedule;",
            "with --all a directory: one scenario per violated invariant"})
    Path out;

    @Option(names = "--trace", paramLabel = "FILE", description = "write the counterexample as a trace (JSON Lines, src check)")
    Path trace;

    @Option(names = "--all", description = {"keep exploring after a violation: per violated invariant its shortest minimised",
            "counterexample, then the invariants that held and the bounds"})
    boolean all;

    @Option(names = "--kernel", paramLabel = "V", description = "run on this kernel version instead of the scenario's (`ublk-lab kernels` lists them)")
    String kernel;

    @Option(names = "--packed-frontier", description = "hold each BFS level as packed int vectors, not object graphs; results do not depend on it")
    boolean packedFrontier;

    @Override
    public Integer call() {
        Scenario s = Scenarios.load(file, kernel);
        if (variant != null) {
            s = withVariant(s, variant);
        }
        if (workers < 1) throw new Main.BadInput("--workers must be at least 1");
        if (!all) {
            Outputs.precheck(out);
        }
        Outputs.precheck(graph);
        Model model = new Model(s.setup());
        Options o = Options.defaults().withInvariants(s.expect().checked()).withWorkers(workers).withPackedFrontier(packedFrontier).withMaxStates(maxStates)
                .withSymmetry(!noSymmetry).withGraph(graph).withProgress(System.err, 3000);
        System.out.println("seed=none (exhaustive) scenario=" + s.name() + " variant=" + s.setup().config().variant().id() + " kernel=" + s.setup().config().kernel().id()
                + " workers=" + workers + (noSymmetry ? " symmetry=off" : ""));
        if (all) {
            return reportAll(s, model, o);
        }
        CheckResult r;
        try {
            r = Checker.check(model, o);
        } catch (IllegalArgumentException e) {
            throw new Main.BadInput(file + ": " + e.getMessage());
        }
        return report(s, model, r);
    }

    /** --all: every violated invariant with its counterexample, then what held, the bounds and one summary line. */
    private int reportAll(Scenario s, Model model, Options o) {
        if (out != null) {
            Outputs.precheck(out);
            try {
                Files.createDirectories(out);
            } catch (IOException e) {
                throw Outputs.failure(out, e);
            }
        }
        Findings f;
        try {
            f = Checker.checkAll(model, o);
        } catch (IllegalArgumentException e) {
            throw new Main.BadInput(file + ": " + e.getMessage());
        }
        List<String> parts = new java.util.ArrayList<>();
        for (CheckResult r : f.broken()) {
            System.out.println("== " + r.broken() + " ==");
            Path cex = out == null ? null : out.resolve(s.name() + "-" + r.broken() + ".json");
            Expect only = new Expect(List.of(), List.of(r.broken()));
            parts.add(r.broken() + " (" + switch (r) {
                case CheckResult.Livelock l -> {
                    printLivelock(model, l);
                    yield "livelock after " + l.prefix().size() + " steps";
                }
                default -> {
                    Counterexample[] t = traces(r);
                    counterexample(s, model, r.headline(), t[0], t[1], cex, only);
                    yield t[1].size() + " steps";
                }
            } + ")");
        }
        String bounds = (f.complete() ? "every reachable state: " : "bounded, " + f.end().headline() + ": ") + stats(f.end());
        System.out.println("held: " + (f.held().isEmpty() ? "none" : String.join(", ", f.held())));
        System.out.println("bounds: " + bounds);
        Judgement v = Judge.checkAll(s.expect(), f);
        System.out.println("summary: violated " + (parts.isEmpty() ? "none" : String.join(", ", parts))
                + "; held " + (f.held().isEmpty() ? "none" : String.join(", ", f.held()))
                + (f.complete() ? "" : " (within the covered states)"));
        System.out.println("expectation " + (v.met() ? "met" : "NOT met") + ": " + v.reason());
        return v.met() ? Main.MET : Main.NOT_MET;
    }

    /** A violation's or deadlock's shortest and minimised traces. */
    private static Counterexample[] traces(CheckResult r) {
        return switch (r) {
            case CheckResult.Violated v -> new Counterexample[] {v.shortest(), v.minimised()};
            case CheckResult.Deadlocked d -> new Counterexample[] {d.shortest(), d.minimised()};
            case CheckResult.Passed p -> throw new IllegalArgumentException("no trace");
            case CheckResult.Livelock l -> throw new IllegalArgumentException("no trace");
            case CheckResult.LimitReached l -> throw new IllegalArgumentException("no trace");
        };
    }

    /**
     * A lasso as a scenario: the prefix, then the cycle repeated until the scenario's step bound, so
     * that {@code run} replays the very interleaving the checker found and stops at the bound.
     */
    private void writeLasso(Scenario s, CheckResult.Livelock l) {
        List<Integer> schedule = lassoSchedule(l.prefix().schedule(), l.cycle().schedule(), s.maxSteps());
        Outputs.writeString(out, ScenarioWriter.write(new Scenario(s.name() + "-livelock",
                "Livelock found by ublk-lab check: " + l.prefix().size() + " steps, then a cycle of " + l.cycle().size()
                        + " steps repeated up to the step bound (" + s.maxSteps() + "): " + l.explanation(),
                out.toString(), s.setup(), s.expect(), s.seed(), schedule, s.maxSteps())));
        System.out.println("livelock scenario: " + out + " (prefix " + l.prefix().size() + " steps, cycle "
                + l.cycle().size() + " steps repeated to " + schedule.size() + "; replay: ublk-lab run " + out
                + ", view: ublk-lab view " + out + ")");
    }

    static List<Integer> lassoSchedule(List<Integer> prefix, List<Integer> cycle, int maxSteps) {
        List<Integer> out = new java.util.ArrayList<>(prefix);
        while (!cycle.isEmpty() && out.size() < maxSteps) {
            out.add(cycle.get((out.size() - prefix.size()) % cycle.size()));
        }
        return out.size() > maxSteps ? out.subList(0, maxSteps) : out;
    }

    private static void printLivelock(Model model, CheckResult.Livelock l) {
        System.out.println("livelock: " + l.explanation());
        World entry = print(model, "prefix", l.prefix(), model.initial(), 1);
        print(model, "cycle (repeats forever, no IO completes)", l.cycle(), entry, l.prefix().size() + 1);
    }

    private int report(Scenario s, Model model, CheckResult r) {
        switch (r) {
            case CheckResult.Passed p -> System.out.println("passed: every checked invariant holds in every reachable state");
            case CheckResult.Violated v -> counterexample(s, model, "violated " + v.invariant() + ": " + v.explanation(), v.shortest(),
                    v.minimised(), out, s.expect());
            case CheckResult.Deadlocked d -> counterexample(s, model, "deadlocked: " + d.explanation(), d.shortest(), d.minimised(),
                    out, s.expect());
            case CheckResult.Livelock l -> {
                printLivelock(model, l);
                if (out != null) {
                    writeLasso(s, l);
                }
            }
            case CheckResult.LimitReached l -> System.out.println("limit reached: " + l.reason() + " (covered " + l.covered() + " states, depth " + l.depth() + ")");
        }
        System.out.println(stats(r));
        if (trace != null && r.broken() != null) {
            writeTrace(s, model, r);
        }
        Judgement v = Judge.check(s.expect(), r);
        if (r instanceof CheckResult.LimitReached) {
            System.out.println("expectation NOT met: inconclusive");
        } else {
            System.out.println("expectation " + (v.met() ? "met" : "NOT met") + (r.broken() == null ? "" : ": " + r.broken() + " violated"));
        }
        return v.met() ? Main.MET : Main.NOT_MET;
    }

    private static String stats(CheckResult r) {
        Stats st = switch (r) {
            case CheckResult.Passed p -> p.stats();
            case CheckResult.Violated v -> v.stats();
            case CheckResult.Deadlocked d -> d.stats();
            case CheckResult.Livelock l -> l.stats();
            case CheckResult.LimitReached l -> l.stats();
        };
        return st.summary();
    }

    /** Prints a counterexample; with {@code out}, writes it as a scenario that expects {@code expect}. */
    private static void counterexample(Scenario s, Model model, String headline, Counterexample shortest, Counterexample minimised, Path out,
                                       Expect expect) {
        System.out.println(headline);
        System.out.println("shortest trace: " + shortest.size() + " steps; minimised: " + minimised.size() + " steps");
        print(model, "minimised steps", minimised, model.initial(), 1);
        if (out != null) {
            Scenario cex = s.withSchedule(minimised.schedule());
            Outputs.writeString(out, ScenarioWriter.write(new Scenario(s.name() + "-counterexample",
                    "Counterexample found by ublk-lab check: " + headline, out.toString(), cex.setup(), expect,
                    s.seed(), minimised.schedule(), s.maxSteps())));
            System.out.println("counterexample scenario: " + out + " (replay: ublk-lab run " + out + ")");
        }
    }

    private void writeTrace(Scenario s, Model model, CheckResult r) {
        try (java.io.Writer w = Files.newBufferedWriter(trace)) {
            SimTrace.writeCounterexample(w, Scenarios.portable(s), model, r);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new Main.BadInput("cannot write trace " + trace + ": " + e.getMessage());
        }
        System.out.println("counterexample trace: " + trace + " (ublk-lab view " + trace + ")");
    }

    /** Prints {@code t}'s steps from {@code w}, numbered from {@code n}; returns the state they reach. */
    private static World print(Model model, String title, Counterexample t, World w, int n) {
        System.out.println(title + ":");
        for (Event e : t.events()) {
            Outcome.Next next = model.step(w, e);
            System.out.println(StepFormat.line(model.setup(), n++, e, next.facts()));
            w = next.world();
        }
        return w;
    }

    static Scenario withVariant(Scenario s, String name) {
        return s.withSetup(s.setup().withVariant(variantOf(name))).withSchedule(null);
    }

    /** The modelled variant {@code name}, or bad input. */
    static Variant variantOf(String name) {
        Variant v = Variant.parse(name);
        if (v == null || !v.modelled()) {
            throw new Main.BadInput("--variant: " + (v == null ? "unknown variant \"" + name + "\"" : "variant \"" + name + "\" is not modelled yet"));
        }
        return v;
    }

}
