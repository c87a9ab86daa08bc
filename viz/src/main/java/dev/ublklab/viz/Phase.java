package dev.ublklab.viz;

import java.util.Locale;

/**
 * Where a request is in its life, as coloured on the timeline. A phase starts at the event named
 * and lasts until the IO's next event on the same lane. Colours are fixed so that images are
 * deterministic and comparable between runs.
 */
public enum Phase {
    /** submit -> allocTag: waiting for a tag (drawn on the queue's lane). */
    WAITING("waiting", 0xB0B0B0),
    /** allocTag -> queueRq: the tag and its request are held, not yet dispatched. */
    TAG("tag", 0x90CAF9),
    /** queueRq -> taskWork: ublk_queue_rq dispatched the request. */
    DISPATCHED("dispatched", 0x1E88E5),
    /** taskWork -> fetch: the uring_cmd completed, the server has not reaped the CQE yet. */
    DELIVERED("delivered", 0x00897B),
    /** fetch -> next issue: the server read the iod. */
    FETCHED("fetched", 0x43A047),
    /** issue of BACKEND_* (or a splice round) -> its cqe: data moves. */
    TRANSFER("transfer", 0xFB8C00),
    /** cqe -> commit: the backend finished, the result is not committed yet. */
    SERVED("served", 0xFDD835),
    /** issue COMMIT_AND_FETCH_REQ -> completion. */
    COMMIT("commit", 0x8E24AA),
    /** Completion facts: the instant the request ends (a tick, not a bar). */
    COMPLETED("completed", 0x1B5E20),
    /** abort or a crash ended the request with an error. */
    ABORTED("aborted", 0xE53935);

    private static final Phase[] VALUES = values();

    private final String label;
    private final int rgb;

    Phase(String label, int rgb) {
        this.label = label;
        this.rgb = rgb;
    }

    public String label() {
        return label;
    }

    /** 0xRRGGBB. */
    public int rgb() {
        return rgb;
    }

    public static Phase of(int ordinal) {
        return VALUES[ordinal];
    }

    /** The phase labelled {@code name} (any case), or null. */
    public static Phase ofLabel(String name) {
        for (Phase p : VALUES) {
            if (p.label.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }
}
