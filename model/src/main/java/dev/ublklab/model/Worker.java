package dev.ublklab.model;

/**
 * An io-wq worker of one queue's daemon and its kernel-internal pipe ({@code current->splice_pipe}),
 * created on first use and kept for the worker's life.
 *
 * @param running the operation it executes, or null when idle
 * @param pipe    its internal pipe; survives from one operation to the next
 * @param loop    the splice_direct_to_actor state while {@code running} is a SPLICE, else null
 */
public record Worker(int queue, SrvOp running, Pipe pipe, SpliceLoop loop) {
    public static Worker idle(int queue) {
        return new Worker(queue, null, Pipe.EMPTY, null);
    }

    public boolean idle() {
        return running == null;
    }

    public Worker with(SrvOp op, Pipe p, SpliceLoop l) {
        return new Worker(queue, op, p, l);
    }
}
