package dev.ublklab.sim;

import java.util.List;

/**
 * Picks which enabled event happens next. The simulator asks it at every step; random runs, replays
 * of a recorded schedule and the exhaustive checker all answer through this one interface.
 */
public interface Chooser {
    /** An index in [0, n); n ≥ 1. */
    int choose(int n);

    /** Uniform random choice from a seeded {@link Prng}. */
    static Chooser random(long seed) {
        Prng prng = new Prng(seed);
        return prng::nextInt;
    }

    /** Replays recorded choices; fails with {@link ScheduleMismatch} when they do not fit. */
    static Chooser replay(List<Integer> schedule) {
        return new Chooser() {
            private int at;

            @Override
            public int choose(int n) {
                if (at >= schedule.size()) {
                    throw new ScheduleMismatch("the schedule ends after " + schedule.size() + " choices but the run goes on");
                }
                int c = schedule.get(at++);
                if (c < 0 || c >= n) {
                    throw new ScheduleMismatch("choice " + at + " is " + c + " but only " + n + " events are enabled");
                }
                return c;
            }
        };
    }

    /** A recorded schedule that does not fit the scenario. */
    final class ScheduleMismatch extends RuntimeException {
        public ScheduleMismatch(String message) {
            super(message, null, false, false);
        }
    }
}
