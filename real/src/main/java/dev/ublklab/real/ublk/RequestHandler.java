package dev.ublklab.real.ublk;

import java.util.List;

/**
 * The server's policy seam: it decides, per fetched request, what the queue daemon does. The
 * simulator's scenario policies (correct, scripted) plug in here.
 *
 * <p>Both methods run on the queue's daemon thread (the task that issued FETCH_REQ), so they must not
 * block for long except on purpose (a delay), and must be thread-safe if shared by several queues.
 */
public interface RequestHandler {
    /** Called once per FETCH_REQ / COMMIT_AND_FETCH_REQ CQE that delivered a request. */
    Handling onFetch(Request request);

    /**
     * The order in which the commits of one reaped batch are sent; a reordering policy returns a
     * permutation of {@code ready}. Default: the order the CQEs arrived in. Called for every batch, a
     * batch of one included; a handler may hold commits back and return them with a later batch.
     */
    default List<Commit> commitOrder(List<Commit> ready) { return ready; }

    /**
     * Whether commits of {@code queue} are held back: the daemon then waits for completions with a
     * timeout, so that it can see a teardown ({@link #release}) while no CQE arrives.
     */
    default boolean holding(int queue) { return false; }

    /**
     * Teardown: the commits of {@code queue} still held back, to be sent now, before STOP_DEV. A
     * request the server keeps is never aborted by STOP_DEV (ublk_stop_dev's del_gendisk freezes the
     * queue and waits for every request in flight, and only the daemon's exit fails the requests it
     * owns: ublk_abort_queue), so a held commit at STOP_DEV hangs the control command for ever.
     */
    default List<Commit> release(int queue) { return List.of(); }

    /** The correct server: serve every request in arrival order. */
    RequestHandler CORRECT = request -> Handling.SERVE;
}
