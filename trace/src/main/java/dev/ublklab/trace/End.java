package dev.ublklab.trace;

import java.util.List;

/**
 * The last line of a trace (optional for real traces cut short).
 *
 * @param verdict     how the run ended
 * @param invariant   the broken invariant, or null
 * @param explanation one line, or null
 * @param step        the step the verdict refers to, or -1 when absent
 * @param schedule    the choices that replay the run, or null when absent (real traces)
 */
public record End(Verdict verdict, String invariant, String explanation, long step, List<Integer> schedule) {
    public End {
        schedule = schedule == null ? null : List.copyOf(schedule);
    }
}
