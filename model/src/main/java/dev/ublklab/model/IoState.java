package dev.ublklab.model;

/**
 * Where one client IO is in its life (MODEL.md §1): NEW, SUBMITTED (waiting for a tag),
 * ALLOCATED(tag) (not started, or requeued), DISPATCHED (queue_rq ran), COMPLETED(result), RELEASED.
 *
 * @param tag    the tag it holds while ALLOCATED or DISPATCHED, else -1
 * @param result the completion result: bytes, or -errno
 * @param done   bytes already completed by earlier partial commits (the request was requeued)
 * @param ends   ghost: how many times the request was ended (complete-once)
 */
public record IoState(Phase phase, int tag, int result, int done, int ends) {
    public static final IoState NEW = new IoState(Phase.NEW, -1, 0, 0, 0);

    /** The IO's phase. */
    public enum Phase { NEW, SUBMITTED, ALLOCATED, DISPATCHED, COMPLETED, RELEASED }

    public boolean holdsTag() {
        return phase == Phase.ALLOCATED || phase == Phase.DISPATCHED;
    }

    public IoState with(Phase p) {
        return new IoState(p, tag, result, done, ends);
    }

    public IoState withTag(Phase p, int t) {
        return new IoState(p, t, result, done, ends);
    }
}
