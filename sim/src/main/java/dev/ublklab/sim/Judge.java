package dev.ublklab.sim;

import java.util.List;
import java.util.Map;

/** Compares what runs did with what a scenario expects. */
public final class Judge {
    private Judge() {}

    /** Whether an expectation was met, and a one-line reason. */
    public record Verdict(boolean met, String reason) {}

    /** One run: a violation must be an expected one; a clean end must not leave an expected violation unseen. */
    public static Verdict run(Expect e, Run r) {
        return switch (r.verdict()) {
            case VIOLATED, DEADLOCKED -> e.violated().contains(r.invariant())
                    ? new Verdict(true, "violated " + r.invariant() + " as expected")
                    : new Verdict(false, r.invariant() + " violated: " + r.explanation());
            case PASSED -> e.violated().isEmpty()
                    ? new Verdict(true, "every checked invariant held")
                    : new Verdict(false, "expected " + String.join(", ", e.violated()) + " to be violated, but this run held");
            case LIMIT -> new Verdict(false, "inconclusive: " + r.explanation());
        };
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
    public static Verdict swarm(Expect e, Map<String, Swarm.Tally> tallies, int limits) {
        for (String inv : e.hold()) {
            Swarm.Tally t = tallies.get(inv);
            if (t != null) {
                return new Verdict(false, inv + " violated in " + t.count() + " seed(s), smallest seed " + t.smallestSeed());
            }
        }
        List<String> missing = e.violated().stream().filter(v -> !tallies.containsKey(v)).toList();
        if (!missing.isEmpty()) {
            return new Verdict(false, "expected " + String.join(", ", missing) + " to be violated in some seed, but none did");
        }
        if (limits > 0 && e.violated().isEmpty()) {
            return new Verdict(false, limits + " seed(s) hit the step bound");
        }
        return new Verdict(true, e.violated().isEmpty() ? "every checked invariant held in every seed"
                : "violated " + String.join(", ", e.violated()) + " as expected");
    }
}
