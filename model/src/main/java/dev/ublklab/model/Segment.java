package dev.ublklab.model;

/**
 * One bio segment (a {@code bio_vec}): {@code len} bytes at {@code offset} inside its own page.
 * Both are multiples of the sector size and the segment never crosses its page.
 */
public record Segment(int offset, int len) {
    public Segment {
        if (offset < 0 || len <= 0) {
            throw new IllegalArgumentException("segment offset " + offset + " len " + len);
        }
    }
}
