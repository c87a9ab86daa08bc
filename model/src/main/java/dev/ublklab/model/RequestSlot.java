package dev.ublklab.model;

/**
 * The static {@code struct request} behind one tag ({@code tags->rqs[tag]}): the kernel reuses it
 * for every request that gets the tag.
 *
 * @param io         the IO it carries, or -1 when the tag is free
 * @param generation ghost: incremented at every allocation, so stale references are visible
 * @param state      MQ_RQ_IDLE (allocated or requeued, not started) / MQ_RQ_IN_FLIGHT
 * @param handled    the RFC's per-request {@code atomic_t handled} byte counter
 */
public record RequestSlot(int io, int generation, RqState state, int handled) {
    public static final RequestSlot FREE = new RequestSlot(-1, 0, RqState.IDLE, 0);

    /** {@code enum mq_rq_state}. */
    public enum RqState { IDLE, IN_FLIGHT }

    public boolean allocated() {
        return io >= 0;
    }

    /** {@code blk_mq_request_started}. */
    public boolean started() {
        return state == RqState.IN_FLIGHT;
    }
}
