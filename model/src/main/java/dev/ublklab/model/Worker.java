package dev.ublklab.model;

/**
 * An io-wq worker of one queue's daemon and its kernel-internal pipe ({@code current->splice_pipe}),
 * created on first use and kept for the worker's life.
 *
 * @param running the operation it executes, or null when idle
 */
public record Worker(int queue, SrvOp running, Pipe pipe) {
    public static Worker idle(int queue) {
        return new Worker(queue, null, Pipe.EMPTY);
    }
}
