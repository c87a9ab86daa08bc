package dev.ublklab.model;

/** One step of a scripted server's plan for the request of one IO (MODEL.md §4, {@code script}). */
public sealed interface Action {
    /** Move the request's data the way the correct server does for the variant (with chunking). */
    record Transfer() implements Action {}

    /** COMMIT_AND_FETCH_REQ with {@code result}; null means what the transfer achieved (bytes or -errno). */
    record Commit(Integer result) implements Action {}

    /** Do nothing more for this request until IO {@code io} has completed. */
    record WaitFor(String io) implements Action {}

    /** The queue's daemon dies here. */
    record Crash() implements Action {}

    /** The name used in scenario files. */
    default String kind() {
        return switch (this) {
            case Transfer t -> "transfer";
            case Commit c -> "commit";
            case WaitFor w -> "waitFor";
            case Crash c -> "crash";
        };
    }
}
