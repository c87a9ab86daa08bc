package dev.ublklab.sim;

import dev.ublklab.model.Setup;
import java.util.List;

/**
 * One scenario file: the model's {@link Setup} plus what the run expects, its seed, an optional
 * recorded schedule that replays one exact interleaving, and a step bound for random runs.
 */
public record Scenario(String name, String description, String file, Setup setup, Expect expect, long seed,
                       List<Integer> schedule, int maxSteps) {
    public Scenario {
        schedule = schedule == null ? null : List.copyOf(schedule);
    }

    public Scenario withSeed(long s) {
        return new Scenario(name, description, file, setup, expect, s, schedule, maxSteps);
    }

    public Scenario withSchedule(List<Integer> s) {
        return new Scenario(name, description, file, setup, expect, seed, s, maxSteps);
    }

    public Scenario withSetup(Setup s) {
        return new Scenario(name, description, file, s, expect, seed, schedule, maxSteps);
    }
}
