package dev.ublklab.model;

/** A {@code struct pipe_buffer}: {@code len} bytes at {@code offset} of page {@code page}. */
public record PipeBuf(int page, int offset, int len) {}
