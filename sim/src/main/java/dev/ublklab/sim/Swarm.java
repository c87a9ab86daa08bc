package dev.ublklab.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Runs one scenario under many seeds and tallies which invariants broke: every invariant a seed
 * breaks counts, not only its first ({@link Simulator#runAll} goes on after a violation).
 */
public final class Swarm {
    private Swarm() {}

    /** How often an invariant broke and the smallest seed that breaks it. */
    public record Tally(int count, long smallestSeed) {}

    /** What a swarm of seeds showed: how many passed, hit the step bound, and the tallies of broken invariants. */
    public record Totals(int seeds, int passed, int limits, long steps, Map<String, Tally> tallies) {}

    /**
     * Seeds {@code first .. first+count-1}; {@code progress} is called with the number of seeds done
     * (the caller decides how often to print).
     */
    public static Totals run(Scenario s, long first, int count, LongConsumer progress) {
        Simulator sim = Simulator.of(s);
        Map<String, Tally> tallies = new TreeMap<>();
        int passed = 0;
        int limits = 0;
        long steps = 0;
        for (int i = 0; i < count; i++) {
            long seed = first + i;
            Simulator.AllBroken r = sim.runAll(Chooser.random(seed));
            steps += r.stepCount();
            if (r.broken().isEmpty()) {
                if (r.limit()) {
                    limits++;   // a run that broke something is not a limit: what it broke is its verdict
                } else {
                    passed++;
                }
            }
            for (String inv : r.broken()) {
                tallies.merge(inv, new Tally(1, seed), (a, b) -> new Tally(a.count() + 1, Math.min(a.smallestSeed(), b.smallestSeed())));
            }
            progress.accept(i + 1);
        }
        return new Totals(count, passed, limits, steps, tallies);
    }
}
