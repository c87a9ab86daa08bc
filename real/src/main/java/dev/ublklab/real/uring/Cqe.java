package dev.ublklab.real.uring;

/** A completion copied out of the CQ ring: io_uring.h struct io_uring_cqe {user_data, res, flags}. */
public record Cqe(long userData, int res, int flags) {}
