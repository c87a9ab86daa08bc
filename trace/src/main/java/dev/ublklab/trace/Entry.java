package dev.ublklab.trace;

/**
 * One event line: {@code seq} counts from 1; {@code t} is the step number for sim and check traces
 * and monotonic nanoseconds for real ones. Time stays outside the event.
 */
public record Entry(long seq, long t, Src src, TraceEvent event) {}
