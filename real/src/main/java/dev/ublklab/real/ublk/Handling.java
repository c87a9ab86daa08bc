package dev.ublklab.real.ublk;

/** What the server does with one fetched request; chosen by a {@link RequestHandler}. */
public sealed interface Handling {
    /** Transfer all blk_rq_bytes with the target and commit the target's result. */
    record Serve() implements Handling {}

    /** Transfer nothing; commit -errno (the request fails with that error). */
    record Fail(int errno) implements Handling {
        public Fail {
            if (errno <= 0) throw new IllegalArgumentException("errno must be positive: " + errno);
        }
    }

    /** Transfer all blk_rq_bytes with the target as Serve does, then commit -errno instead of the result. */
    record ServeThenFail(int errno) implements Handling {
        public ServeThenFail {
            if (errno <= 0) throw new IllegalArgumentException("errno must be positive: " + errno);
        }
    }

    /**
     * Transfer the first {@code bytes} bytes and commit that short result; the kernel completes that
     * much and requeues the rest with the same tag (ublk_drv.c ublk_complete_rq, partial completion).
     */
    record Partial(long bytes) implements Handling {}

    /** Wait {@code nanos} on the queue's daemon thread (the whole queue stalls), then serve. */
    record Delay(long nanos) implements Handling {}

    /** Die at once, as if SIGKILLed: no commit, no cleanup, no shutdown hooks (Runtime.halt). */
    record Crash(int exitCode) implements Handling {}

    Handling SERVE = new Serve();
}
