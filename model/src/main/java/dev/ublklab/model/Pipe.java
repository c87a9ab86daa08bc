package dev.ublklab.model;

import java.util.List;

/**
 * A Linux pipe ({@code struct pipe_inode_info}): its buffers from tail to head and the RFC's
 * {@code consumed_by_read} flag (patch 3/4, include/linux/pipe_fs_i.h). Nothing else in the model
 * is called a pipe.
 */
public record Pipe(List<PipeBuf> bufs, boolean consumedByRead) {
    public static final Pipe EMPTY = new Pipe(List.of(), false);

    public Pipe {
        bufs = List.copyOf(bufs);
    }

    public boolean empty() {
        return bufs.isEmpty();
    }

    /** Bytes held: the sum of the buffers' lengths. */
    public long bytes() {
        long n = 0;
        for (PipeBuf b : bufs) {
            n += b.len();
        }
        return n;
    }
}
