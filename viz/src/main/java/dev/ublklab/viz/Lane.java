package dev.ublklab.viz;

/**
 * One row of the timeline. {@code queue} is -1 for lanes that belong to no queue; {@code key} is
 * the tag, the worker or -1.
 */
public record Lane(Kind kind, int queue, int key, String label) {

    /** What a lane shows. */
    public enum Kind {
        /** A queue's own row: submits waiting for a tag, crashes, page releases, completions. */
        QUEUE,
        /** One tag of a queue: the occupancy of its request, coloured by phase. */
        TAG,
        /** One io-wq worker and its pipe: splice rounds. */
        WORKER,
        /** The backing store: backend operations as they execute. */
        BACKING
    }
}
