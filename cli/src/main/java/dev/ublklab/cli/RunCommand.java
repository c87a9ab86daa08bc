package dev.ublklab.cli;

import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Judge;
import dev.ublklab.sim.Judgement;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.SimTrace;
import dev.ublklab.sim.Simulator;
import dev.ublklab.sim.Step;
import dev.ublklab.sim.StepFormat;
import dev.ublklab.trace.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one scenario through the simulator and judge it against its expect.",
                "Replays the scenario's recorded schedule when it has one and no --seed is given."})
final class RunCommand implements Callable<Integer> {
    /** Steps shown of a run that hit the step bound. */
    static final int TAIL = 12;


    @Parameters(paramLabel = "SCENARIO", description = "scenario file (JSON)")
    Path file;

    @Option(names = "--seed", description = "seed for the random schedule (default: the scenario's seed)")
    Long seed;

    @Option(names = "--trace", paramLabel = "FILE", description = "write the trace as JSON Lines")
    Path trace;

    @Option(names = "--kernel", paramLabel = "V", description = "run on this kernel version instead of the scenario's (`ublk-lab kernels` lists them)")
    String kernel;

    @Override
    public Integer call() {
        Scenario s = Scenarios.load(file, kernel);
        Outputs.precheck(trace);
        Simulator sim = Simulator.of(s);
        boolean replay = s.schedule() != null && seed == null;
        long used = seed != null ? seed : s.seed();
        System.out.println(replay ? "seed=" + used + " schedule=recorded(" + s.schedule().size() + " choices)" : "seed=" + used);
        Run run;
        try {
            run = sim.run(replay ? Chooser.replay(s.schedule()) : Chooser.random(used), true);
        } catch (Chooser.ScheduleMismatch e) {
            throw new Main.BadInput(file + ": $.schedule: " + e.getMessage());
        }
        Judgement v = Judge.run(s.expect(), run);
        System.out.println("scenario " + s.name() + " (" + Scenarios.on(s) + "): " + run.verdict().wire()
                + (run.invariant() != null ? " " + run.invariant() + ": " + run.explanation()
                        : " after " + run.stepCount() + " steps"));
        if (run.verdict() != Verdict.PASSED) {
            printSteps(s, run);
        }
        if (trace != null) {
            writeTrace(s, used, run);
        }
        System.out.println("expectation " + (v.met() ? "met" : "NOT met") + ": " + v.reason());
        return v.met() ? Main.MET : Main.NOT_MET;
    }

    /** Every step of a violation; of a run that hit the step bound only the last few, and where to go next. */
    private void printSteps(Scenario s, Run run) {
        List<Step> all = run.steps();
        int from = run.verdict() == Verdict.LIMIT ? Math.max(0, all.size() - TAIL) : 0;
        System.out.println(from == 0 ? "steps:" : "last " + (all.size() - from) + " of " + all.size() + " steps:");
        for (Step st : all.subList(from, all.size())) {
            System.out.println(StepFormat.line(s.setup(), st.seq(), st.event(), st.facts()));
        }
        if (run.verdict() == Verdict.LIMIT) {
            System.out.println("a run that does not end may be a livelock: 'ublk-lab check " + file
                    + "' explores every interleaving and prints the cycle (--out writes it as a scenario)");
        }
    }

    private void writeTrace(Scenario s, long used, Run run) {
        // Write beside the target and move into place, so a full disk never leaves half a trace.
        Path target = trace.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), ".trace", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                SimTrace.write(w, Scenarios.portable(s), used, run);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("trace: " + trace + " (" + run.stepCount() + " events)");
        } catch (IOException e) {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original error is the one to report
            }
            throw Outputs.failure(trace, e);
        }
    }
}
