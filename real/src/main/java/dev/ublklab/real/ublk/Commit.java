package dev.ublklab.real.ublk;

/** A COMMIT_AND_FETCH_REQ about to be sent: the request and its result (bytes or -errno). */
public record Commit(Request request, int result) {}
