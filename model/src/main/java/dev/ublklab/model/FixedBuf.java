package dev.ublklab.model;

/**
 * A kernel buffer that REGISTER_IO_BUF put in a ring's fixed-buffer table (mainline zero copy,
 * 6.15+): io_uring's {@code io_rsrc_node} with its {@code io_mapped_ubuf} (io_uring/rsrc.c,
 * io_buffer_register_bvec), whose bvecs are the pages of one ublk request. It lives while the table
 * slot or an operation in flight holds it; the last put runs the release callback,
 * ublk_io_release, which drops the request's io->ref.
 *
 * @param io    the client IO whose pages the bvecs are (ghost: the kernel keeps only the pages)
 * @param queue the hardware queue of the request (the ring may belong to another queue's daemon)
 * @param tag   the request's tag ({@code imu->priv = rq})
 * @param gen   ghost: the tag's generation when the buffer was registered
 * @param write {@code imu->dir = 1 << rq_data_dir(rq)}: true for a WRITE request, whose buffer can
 *              only be a source (WRITE_FIXED from it); false for a READ request: only a destination
 * @param base  where the buffer starts in the IO's data, in bytes (what earlier partial commits completed)
 * @param len   {@code imu->len = blk_rq_bytes(rq)} at registration
 * @param slot  its index in the ring's table ({@code buf_table.nodes[slot]}), or -1 once unregistered
 * @param users operations in flight that hold it ({@code req->buf_node}); node->refs is this plus
 *              one while {@code slot >= 0}
 */
public record FixedBuf(int io, int queue, int tag, int gen, boolean write, int base, int len, int slot, int users) {
    /** Whether nothing holds the node any more: io_put_rsrc_node reached zero. */
    public boolean dead() {
        return slot < 0 && users == 0;
    }

    public FixedBuf withSlot(int s) {
        return new FixedBuf(io, queue, tag, gen, write, base, len, s, users);
    }

    public FixedBuf withUsers(int u) {
        return new FixedBuf(io, queue, tag, gen, write, base, len, slot, u);
    }

    /** The same buffer with its request's tag renamed (canonical forms). */
    public FixedBuf withTag(int t) {
        return new FixedBuf(io, queue, t, gen, write, base, len, slot, users);
    }
}
