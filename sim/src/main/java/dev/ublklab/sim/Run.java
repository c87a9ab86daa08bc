package dev.ublklab.sim;

import dev.ublklab.model.World;
import java.util.List;

/**
 * The outcome of one simulated run.
 *
 * @param verdict     how it ended
 * @param invariant   the violated invariant (violated and deadlocked runs), else null
 * @param explanation one line built from the state, else null
 * @param steps       the recorded steps (empty when recording was off)
 * @param stepCount   how many steps ran
 * @param schedule    the choices made, which replay the run exactly
 * @param last        the final state
 */
public record Run(Verdict verdict, String invariant, String explanation, List<Step> steps, int stepCount,
                  List<Integer> schedule, World last) {

    /** How a run ended. */
    public enum Verdict {
        /** Nothing left to do and every checked invariant held. */
        PASSED,
        /** A checked invariant broke. */
        VIOLATED,
        /** IOs are pending and nothing can move. */
        DEADLOCKED,
        /** The step bound was reached first. */
        LIMIT;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
