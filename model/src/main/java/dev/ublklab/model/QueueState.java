package dev.ublklab.model;

import java.util.List;

/**
 * One hardware queue: blk-mq's request slots, the driver's io slots, its daemon's view of every tag
 * and the operations the daemon has in flight.
 *
 * @param dying the daemon has exited ({@code ubq_daemon_is_dying})
 * @param hint  sbitmap's allocation hint for the roundRobin tag policy
 * @param bufs  zero copy: the buffer nodes of the daemon's ring, in the order they were registered
 *              (those in its fixed-buffer table and unregistered ones still held by an operation);
 *              empty for every other variant
 */
public record QueueState(List<RequestSlot> rqs, List<IoSlot> slots, List<SrvTag> srv, List<SrvOp> ops,
                         boolean dying, int hint, List<FixedBuf> bufs) {
    public QueueState {
        rqs = Frozen.copyOf(rqs);
        slots = Frozen.copyOf(slots);
        srv = Frozen.copyOf(srv);
        ops = Frozen.copyOf(ops);
        bufs = Frozen.copyOf(bufs);
    }

    /** A queue whose ring has no registered buffer. */
    public QueueState(List<RequestSlot> rqs, List<IoSlot> slots, List<SrvTag> srv, List<SrvOp> ops,
                      boolean dying, int hint) {
        this(rqs, slots, srv, ops, dying, hint, List.of());
    }
}
