package dev.ublklab.model;

import java.util.List;

/**
 * A client IO from the scenario: its id, operation, hardware queue, start sector and bio segments.
 * {@code after} names an IO that must complete before this one is submitted (or null).
 */
public record IoSpec(String id, ReqOp op, int queue, long sector, List<Segment> segments, String after) {
    public IoSpec {
        segments = List.copyOf(segments);
    }

    /** {@code blk_rq_bytes} of the whole IO. */
    public int bytes() {
        int n = 0;
        for (Segment s : segments) {
            n += s.len();
        }
        return n;
    }
}
