/**
 * The pure state machine of ublk-lab: blk-mq tag allocation and dispatch, the ublk io slots, the
 * server's io_uring operations and io-wq workers, the RFC's {@code handled} counter and pipe, page
 * lifetimes and the backing store, for every driver {@link dev.ublklab.model.Variant}.
 *
 * <p>No dependencies, no I/O, no clock, no randomness: {@link dev.ublklab.model.Model#enabled} lists
 * what can happen next in a canonical order, {@link dev.ublklab.model.Model#apply} makes it happen.
 */
package dev.ublklab.model;
