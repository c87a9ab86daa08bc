package dev.ublklab.model;

/**
 * A {@code struct pipe_buffer}: {@code len} bytes at {@code offset} of page {@code page} (an index
 * into {@link World#pages()}). The RFC's buffers have an empty release op, so the pipe holds no
 * reference on the page.
 */
public record PipeBuf(int page, int offset, int len) {}
