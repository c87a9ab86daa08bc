package dev.ublklab.model;

import java.util.List;

/**
 * A Linux pipe ({@code struct pipe_inode_info}): its buffers and the RFC's
 * {@code consumed_by_read} flag. Nothing else in the model is called a pipe.
 */
public record Pipe(List<PipeBuf> bufs, boolean consumedByRead) {
    public static final Pipe EMPTY = new Pipe(List.of(), false);

    public Pipe {
        bufs = List.copyOf(bufs);
    }

    public boolean empty() {
        return bufs.isEmpty();
    }
}
