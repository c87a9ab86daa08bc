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

    /** The correct server: serve every request in arrival order. */
    RequestHandler CORRECT = request -> Handling.SERVE;
}
