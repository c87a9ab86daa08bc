package dev.ublklab.sim;

import dev.ublklab.model.World;
import dev.ublklab.trace.Verdict;
import java.util.List;

/**
 * The outcome of one simulated run.
 *
 * @param verdict     how it ended (never LIVELOCK: a random run cannot show a cycle; the checker can)
 * @param invariant   the violated invariant (violated and deadlocked runs), else null
 * @param explanation one line built from the state, else null
 * @param steps       the recorded steps (empty when recording was off)
 * @param stepCount   how many steps ran
 * @param schedule    the choices made, which replay the run exactly
 * @param last        the final state
 */
public record Run(Verdict verdict, String invariant, String explanation, List<Step> steps, int stepCount,
                  List<Integer> schedule, World last) {
}
