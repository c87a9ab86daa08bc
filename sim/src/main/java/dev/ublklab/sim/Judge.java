package dev.ublklab.sim;

import dev.ublklab.model.Invariants;
import dev.ublklab.trace.Verdict;
import dev.ublklab.model.Model;
import dev.ublklab.sim.check.Checker;
import dev.ublklab.sim.check.Findings;
import dev.ublklab.sim.check.Options;
import dev.ublklab.sim.check.CheckResult;
import java.util.List;
import java.util.Map;

/** Compares what runs did with what a scenario expects. */
public final class Judge {
    private Judge() {}

    /**
     * A scenario judged as the demo and the tests judge it: its own run (or recorded schedule),
     * then a swarm of seeds. Where runs hit the step bound, the checker decides: a livelock is
     * something no random run can prove, and an exhaustive search can.
     *
     * @param runText the run's verdict in a few words, for a table
     */
    public record ScenarioJudgement(Run run, String runText, Judgement one, Judgement swarm) {
        public boolean met() {
            return one.met() && swarm.met();
        }
    }

    /** Judges {@code s}: its run, then {@code seeds} seeds from {@code firstSeed} (see {@link ScenarioJudgement}). */
    public static ScenarioJudgement scenario(Scenario s, long firstSeed, int seeds) {
        Run run = Simulator.of(s).run(s.schedule() != null ? Chooser.replay(s.schedule()) : Chooser.random(s.seed()), false);
        Judgement one = run(s.expect(), run);
        Swarm.Totals sw = Swarm.run(s, firstSeed, seeds, d -> { });
        String runText = run.verdict().wire() + (run.invariant() != null ? " " + run.invariant() : "");
        CheckResult proof = run.verdict() == Verdict.LIMIT || sw.limits() > 0 ? prove(s) : null;
        if (run.verdict() == Verdict.LIMIT) {
            one = check(s.expect(), proof);
            runText = "limit; check: " + (proof instanceof CheckResult.Livelock ? "livelock" : proof.headline());
        }
        return new ScenarioJudgement(run, runText, one, swarm(s, sw, proof));
    }

    /**
     * The exhaustive check that decides runs which hit the step bound (one million states at most,
     * the graph kept for the cycle search). A run that never ends asks a liveness question: it is
     * proved with the liveness invariants alone, so that a safety violation elsewhere in the space
     * does not hide the cycle.
     */
    public static CheckResult prove(Scenario s) {
        List<String> live = s.expect().checked().stream()
                .filter(n -> n.equals(Invariants.EVERY_IO_COMPLETES) || n.equals(Invariants.TEARDOWN_COMPLETES)).toList();
        return Checker.check(new Model(s.setup()), Options.defaults().withInvariants(live.isEmpty() ? s.expect().checked() : live)
                .withMaxStates(1_000_000).withGraphLimit(1_000_000).withMinimise(false));
    }

    /**
     * A seed swarm judged the one way {@code sim} and {@code demo} share: against
     * {@link #swarmExpectation}, and where seeds hit the step bound and {@code proof} (the checker's
     * result, or null) is a livelock, the bound is explained and every-io-completes need not show.
     */
    public static Judgement swarm(Scenario s, Swarm.Totals sw, CheckResult first) {
        Expect e = swarmExpectation(s);
        int limits = sw.limits();
        CheckResult proof = first;
        if (limits > 0 && proof != null && !(proof instanceof CheckResult.Livelock)
                && s.expect().violated().contains(Invariants.TEARDOWN_COMPLETES)) {
            // the first liveness proof found a deadlock (every-io-completes); the seeds' cycle is
            // teardown-completes' livelock, which the checker shows when asked for it alone
            CheckResult t = Checker.check(new Model(s.setup()), Options.defaults()
                    .withInvariants(List.of(Invariants.TEARDOWN_COMPLETES)).withMaxStates(1_000_000)
                    .withGraphLimit(1_000_000).withMinimise(false));
            proof = t instanceof CheckResult.Livelock ? t : proof;
        }
        CheckResult cycle = proof;
        if (cycle instanceof CheckResult.Livelock) {
            limits = 0;   // explained: the seeds went round the cycle the checker found
            e = new Expect(e.hold(), e.violated().stream().filter(v -> !v.equals(cycle.broken())).toList());   // every-io- or teardown-completes
        }
        return swarm(e, sw.tallies(), limits);
    }

    /** One run: a violation must be an expected one; a clean end must not leave an expected violation unseen. */
    public static Judgement run(Expect e, Run r) {
        return switch (r.verdict()) {
            case VIOLATED, DEADLOCKED, LIVELOCK -> e.violated().contains(r.invariant())
                    ? new Judgement(true, "violated " + r.invariant() + " as expected")
                    : new Judgement(false, r.invariant() + " violated: " + r.explanation());
            case PASSED -> e.violated().isEmpty()
                    ? new Judgement(true, "every checked invariant held")
                    : new Judgement(false, "expected " + String.join(", ", e.violated()) + " to be violated, but this run held");
            case LIMIT -> new Judgement(false, "inconclusive: " + r.explanation()
                    + " (a random run cannot prove a livelock; ublk-lab check explores every interleaving)");
        };
    }

    /** An exhaustive check: what it shows broken must be expected, and what is expected broken must be shown. */
    public static Judgement check(Expect e, CheckResult r) {
        if (r instanceof CheckResult.LimitReached l) {
            return new Judgement(false, "inconclusive: " + l.reason() + " after " + l.covered() + " states");
        }
        String broken = r.broken();
        if (broken == null) {
            return e.violated().isEmpty() ? new Judgement(true, "every checked invariant holds in every reachable state")
                    : new Judgement(false, "expected " + String.join(", ", e.violated()) + " to be violated, but no reachable state does");
        }
        return e.violated().contains(broken) ? new Judgement(true, broken + " violated as expected")
                : new Judgement(false, r.headline());
    }

    /**
     * A search of every invariant at once ({@link Checker#checkAll}): no hold invariant broke,
     * every expected violation was shown; with no violation expected, the search must also have
     * been complete for "held" to mean anything beyond the states it covered.
     */
    public static Judgement checkAll(Expect e, Findings f) {
        for (CheckResult r : f.broken()) {
            if (!e.violated().contains(r.broken())) {
                return new Judgement(false, r.headline());
            }
        }
        List<String> shown = f.broken().stream().map(CheckResult::broken).toList();
        List<String> missing = e.violated().stream().filter(v -> !shown.contains(v)).toList();
        if (!missing.isEmpty()) {
            return f.complete() ? new Judgement(false, "expected " + String.join(", ", missing) + " to be violated, but no reachable state does")
                    : new Judgement(false, "inconclusive: " + f.end().headline() + "; " + String.join(", ", missing) + " not violated so far");
        }
        if (e.violated().isEmpty() && !f.complete()) {
            return new Judgement(false, "inconclusive: " + f.end().headline());
        }
        return new Judgement(true, shown.isEmpty() ? "every checked invariant holds in every reachable state"
                : "violated " + String.join(", ", shown) + " as expected");
    }

    /**
     * What a seed swarm over {@code s} must show. A recorded schedule pins a narrow interleaving that
     * random seeds may never draw: the swarm must still keep every hold invariant, but need not
     * rediscover the violation the schedule shows.
     */
    public static Expect swarmExpectation(Scenario s) {
        return s.schedule() != null ? new Expect(s.expect().hold(), List.of()) : s.expect();
    }

    /** A swarm: no expected-to-hold invariant broke in any seed, and each expected violation showed up. */
    public static Judgement swarm(Expect e, Map<String, Swarm.Tally> tallies, int limits) {
        for (String inv : e.hold()) {
            Swarm.Tally t = tallies.get(inv);
            if (t != null) {
                return new Judgement(false, inv + " violated in " + t.count() + " seed(s), smallest seed " + t.smallestSeed());
            }
        }
        List<String> missing = e.violated().stream().filter(v -> !tallies.containsKey(v)).toList();
        if (!missing.isEmpty()) {
            return new Judgement(false, "expected " + String.join(", ", missing) + " to be violated in some seed, but none did");
        }
        if (limits > 0 && e.violated().isEmpty()) {
            return new Judgement(false, limits + " seed(s) hit the step bound");
        }
        return new Judgement(true, e.violated().isEmpty() ? "every checked invariant held in every seed"
                : "violated " + String.join(", ", e.violated()) + " as expected");
    }
}
