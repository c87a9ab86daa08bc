package dev.ublklab.trace;

import java.util.List;

/**
 * The first line of a trace.
 *
 * @param src          who wrote it
 * @param scenario     the scenario's name
 * @param variant      the variant's id
 * @param seed         the seed of the run
 * @param queues       hardware queues
 * @param depth        tags per queue
 * @param ios          the scenario's IOs; an event's io is an index into this list
 * @param scenarioFile the scenario file (relative to the project directory when it is inside it), or null
 */
public record Header(Src src, String scenario, String variant, long seed, int queues, int depth, List<IoInfo> ios,
                     String scenarioFile) {

    /** One IO of the scenario. */
    public record IoInfo(String id, String op, int queue, long sector, long bytes) {}

    public Header {
        ios = List.copyOf(ios);
    }

    /** The index of IO {@code id}, or -1. */
    public int ioIndex(String id) {
        for (int i = 0; i < ios.size(); i++) {
            if (ios.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code t} counts model steps (sim, check) rather than nanoseconds (real). */
    public boolean stepTime() {
        return src != Src.REAL;
    }
}
