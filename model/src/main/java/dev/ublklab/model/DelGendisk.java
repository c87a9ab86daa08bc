package dev.ublklab.model;

import dev.ublklab.model.IoState.Phase;
import java.util.List;

/**
 * After a daemon's death with recovery off, ublk stops the device and {@code del_gendisk} marks the
 * disk dead (switch {@link Behaviour#NOSRV_STOPS_DEV}); IOs that have no request yet then end
 * without reaching ublk. Simplified lifecycle only (the mainline one has its own stop, LcControl).
 *
 * <p>Who stops it: 6.12.118 {@code ublk_uring_cmd_cancel_fn} schedules {@code stop_work} when
 * {@code ublk_nosrv_should_stop_dev} (drivers/block/ublk_drv.c L1627-1629, L724-727), which runs
 * {@code ublk_stop_dev} (L2290-2296, L1744-1760: {@code del_gendisk} L1756); 7.3.4's
 * {@code ublk_ch_release_work_fn} calls {@code ublk_stop_dev_unlocked} (L2608-2617, L3025-3038:
 * {@code del_gendisk} L3035). A server's own STOP_DEV / DEL_DEV after the crash reaches the same
 * {@code ublk_stop_dev} (6.12.118 {@code ublk_remove} L2323); whichever comes first does it.
 * {@code del_gendisk} calls {@code __blk_mark_disk_dead} before it waits for the requests in flight
 * (6.12.118 block/genhd.c L684, L595-614; 7.3.4 L730, L660-674): GD_DEAD, {@code set_capacity(disk, 0)},
 * then the queue's drain. So the step {@link Event.Control}({@link LcControl#STOP}) can come at any
 * time after the first crash, while requests are still owned by the server.
 *
 * <p>What it does to a client IO (6.12.118 block/fops.c; 7.3.4 line in brackets), by when the IO is
 * submitted:
 * <ul>
 * <li>after the death, READ or WRITE: the capacity is 0, so {@code blkdev_read_iter} returns 0 bytes
 *     (L750-752 [L802-805]) and {@code blkdev_write_iter} -ENOSPC (L694-695 [L747-748]); no bio. A
 *     FLUSH (fsync's {@code blkdev_issue_flush}) or DISCARD bio fails in {@code bio_queue_enter}:
 *     -EIO (block/blk-core.c 6.12.118 L333-366 [L376-409]: the drain makes {@code blk_try_enter_queue} fail, GD_DEAD ->
 *     {@code bio_io_error}). The model ends the IO in its submit step.
 * <li>before the death but with no request yet (SUBMITTED): the syscall's size check may come
 *     after the death (0 / -ENOSPC as above), its bio may meet the drain (-EIO, no request), or it
 *     entered the queue before the drain and gets a tag as usual ({@code AllocTag}): all three stay
 *     enabled ({@link Event.DeadDisk}, AllocTag).
 * <li>holding a request: unchanged (queue_rq's {@code canceling} check, the abort, the live daemon).
 * </ul>
 * Not modelled: a bio that enters after {@code del_gendisk} has unfrozen the queue (it fails too, in
 * {@code queue_rq}, on a crashed queue).
 */
final class DelGendisk {
    private final Model m;
    private final boolean on;

    /** The bit of {@link World#crashed} that says GD_DEAD (queues use bits 0 and up). */
    static final int DEAD = 1 << 30;
    /** {@link Event.DeadDisk#path}: the read/write iter's size check against capacity 0. */
    static final int SIZE_CHECK = 0;
    /** {@link Event.DeadDisk#path}: {@code bio_queue_enter} sees GD_DEAD, {@code bio_io_error}. */
    static final int QUEUE_ENTER = 1;

    DelGendisk(Model m) {
        this.m = m;
        this.on = m.config().has(Behaviour.NOSRV_STOPS_DEV) && m.config().recovery() == Recovery.OFF;
    }

    /** Whether {@code del_gendisk} has marked the disk dead. */
    static boolean dead(World w) {
        return (w.crashed() & DEAD) != 0;
    }

    void enabled(World w, List<Event> out) {
        if (!on || !anyDaemonDied(w)) {
            return;
        }
        if (!dead(w)) {
            out.add(new Event.Control(LcControl.STOP));
            return;
        }
        for (int i = 0; i < m.setup().ios().size(); i++) {
            if (w.io(i).phase() == Phase.SUBMITTED) {
                if (m.setup().ios().get(i).op().hasData()) {
                    out.add(new Event.DeadDisk(i, SIZE_CHECK));
                }
                out.add(new Event.DeadDisk(i, QUEUE_ENTER));
            }
        }
    }

    /** A daemon died: the scenario's crash fault, a scripted server's or an adversary's crash (Kernel#crash). */
    private static boolean anyDaemonDied(World w) {
        for (QueueState q : w.queues()) {
            if (q.dying()) {
                return true;
            }
        }
        return false;
    }

    /** __blk_mark_disk_dead: GD_DEAD and capacity 0 (the drain is what {@link #fail} models). */
    void markDead(Tx tx) {
        tx.crashed(tx.crashed() | DEAD);
    }

    /** The client submits {@code io}: true when the dead disk ended it (see the class comment). */
    boolean submit(Tx tx, int io) {
        if ((tx.crashed() & DEAD) == 0) {
            return false;
        }
        fail(tx, io, m.setup().ios().get(io).op().hasData() ? SIZE_CHECK : QUEUE_ENTER);
        return true;
    }

    /** IO {@code io} ends without a request: 0 or -ENOSPC at the size check, -EIO at bio_queue_enter. */
    void fail(Tx tx, int io, int path) {
        ReqOp op = m.setup().ios().get(io).op();
        int result = path == QUEUE_ENTER ? -Errno.EIO : op == ReqOp.READ ? 0 : -Errno.ENOSPC;
        IoState s = tx.io(io);
        tx.io(io, new IoState(Phase.COMPLETED, -1, result, s.done(), s.ends() + 1));
        Taint.io(tx, io);   // the crash's doing, whichever queue the IO is on
        tx.fact(Fact.COMPLETED, m.ioId(io));
        tx.fact(Fact.IO_RESULT, result);
    }
}
