package dev.ublklab.model;

/**
 * One switch in the model's code: a behaviour that kernel versions differ in. The model reads
 * switches ({@link Config#has}), never version numbers; a {@link KernelVersion} is a list of them.
 * Each names the kernel lines or change it comes from, so that a reviewer can check it.
 */
public enum Behaviour {
    /** The mainline copy data path: WRITE data copied into the request at dispatch, READ data at commit. */
    COPY_PATH("copy-path", "requests are copied to and from the server's buffer (ublk_map_io / ublk_unmap_io)",
            "ublk_drv.c since 5.19: ublk_map_io, ublk_unmap_io (6.12.118 L901-950)"),
    /** UBLK_F_USER_COPY: the server reads and writes request data with pread/pwrite on /dev/ublkcN. */
    USER_COPY("user-copy", "UBLK_F_USER_COPY: pread/pwrite on /dev/ublkcN at ublk_pos(q, tag, offset)",
            "ublk_drv.c since 6.5: ublk_ch_read_iter, ublk_ch_write_iter, __ublk_check_and_get_req"),
    /** UBLK_F_SUPPORT_ZERO_COPY: UBLK_U_IO_REGISTER_IO_BUF / UNREGISTER_IO_BUF and fixed-buffer IO. */
    ZERO_COPY("zero-copy", "UBLK_F_SUPPORT_ZERO_COPY: REGISTER_IO_BUF/UNREGISTER_IO_BUF into the ring's buffer table",
            "ublk_drv.c since 6.15: ublk_register_io_buf, ublk_unregister_io_buf (io_buffer_register_bvec)"),
    /** The RFC's splice data path (never merged). */
    SPLICE_ZC("splice-zc", "UBLK_F_SPLICE_ZC: IORING_OP_SPLICE from/to ublk_pos through the worker's pipe (RFC, unmerged)",
            "Ming Lei's 2022 RFC, patch 4/4 of 20221103085004.1029763 (on 6.1-rc)"),
    /**
     * After a daemon's death with recovery off, ublk_stop_dev's del_gendisk marks the disk dead
     * (capacity 0): IOs without a request end before ublk (READ 0, WRITE -ENOSPC, else -EIO). Read
     * by the simplified lifecycle only ({@code DelGendisk}).
     */
    NOSRV_STOPS_DEV("nosrv-stops-dev", "after a daemon's death (recovery off) del_gendisk marks the disk dead: READ 0, WRITE -ENOSPC before ublk",
            "6.12.118 ublk_uring_cmd_cancel_fn L1627-1629 -> ublk_stop_dev L1744-1760; 7.3.4 ublk_ch_release_work_fn L2608-2617 ->"
                    + " ublk_stop_dev_unlocked L3025-3038; block/genhd.c __blk_mark_disk_dead (6.12.118 L595-614, 7.3.4 L660-674);"
                    + " block/fops.c blkdev_write_iter / blkdev_read_iter (6.12.118 L694-695, L750-752; 7.3.4 L747-748, L802-805)"),
    /**
     * The simplified lifecycle of the first model: every FETCH done before the run, the device LIVE,
     * a daemon crash aborts the requests it owns, no io_uring command objects or task-work nodes.
     */
    SIMPLE_LIFECYCLE("simple-lifecycle", "simplified lifecycle: device LIVE from the start, a crash aborts owned requests (MODEL.md §2)",
            "a simplification of ublk_abort_queue/ublk_daemon_monitor_work (5.19-6.7); not any one version's code"),
    // The mainline lifecycle (Lifecycle; shared/docs/mainline-lifecycle.md, line numbers of the
    // version's ublk_drv.c). The switches below are read only when this one is on.
    /** io_uring command objects, task work, cancel rounds, abort, release, stop and recovery as in the source. */
    MAINLINE_LIFECYCLE("mainline-lifecycle", "the request lifecycle line by line: io_uring commands, task work, cancel rounds, abort, release, recovery",
            "ublk_drv.c 6.14 (blob ca9a67b5) / 6.16 (blob 9fd284fa); mainline-lifecycle.md §2"),
    LLIST_DISPATCH("llist-dispatch", "ublk_queue_rq adds the request to ubq->io_cmds; task work only on the command of the tag that found the list empty",
            "6.14 ublk_queue_cmd L1242-1251, ublk_forward_io_cmds L1223-1240"),
    START_BEFORE_CANCELING("start-before-canceling", "ublk_queue_rq starts the request before it reads ubq->canceling",
            "6.16 ublk_prep_req L1397, ublk_queue_rq L1417 (6.14 reads canceling first: L1319, L1324)"),
    CANCEL_ABORTS_REQUESTS("cancel-aborts-requests", "the cancel fn runs ublk_abort_requests (abort_queue inside a quiesce) and schedules nosrv_work",
            "6.14 ublk_uring_cmd_cancel_fn L1530-1538, ublk_abort_requests L1455-1485"),
    CANCEL_SKIPS_STARTED("cancel-skips-started", "ublk_cancel_cmd leaves the command of a tag whose request is started (dispatch will complete it)",
            "6.16 ublk_cancel_cmd L1760-1762"),
    ABORT_BY_CACHED_RQ("abort-by-cached-rq", "ublk_abort_queue fails tags->rqs[t] of every io that is not ACTIVE and marks it ABORTED",
            "6.14 ublk_abort_queue L1432-1453, __ublk_complete_rq L1043"),
    PER_IO_TASK("per-io-task", "io->task (set by FETCH) gates commands, dispatch and cancel; no ubq_daemon",
            "6.16 L2096, L2212-2214, L1287, L1805"),
    NOSRV_WORK("nosrv-work", "a kworker (ub->nosrv_work) stops, quiesces or fails the device after the cancel; ublk_ch_release only clears OPEN",
            "6.14 ublk_nosrv_work L1656-1685, ublk_ch_release L1357-1363"),
    RELEASE_TEARDOWN("release-teardown", "ublk_ch_release aborts, stops, quiesces or fails the device and resets every io",
            "6.16 ublk_ch_release L1553-1636, ublk_reset_ch_dev L1521-1532"),
    RESET_FLAGS_ON_LAST_FETCH("reset-flags-on-last-fetch", "the FETCH that makes every queue ready clears CANCELED, canceling and fail_io",
            "6.16 ublk_mark_io_ready L1950-1952, ublk_reset_io_flags L1921-1936"),
    TIMEOUT_ABORTS("timeout-aborts", "the request timeout aborts the queue of a dying daemon whose ios are all idle",
            "6.14 ublk_timeout L1253-1289"),
    COMMIT_REQ_FROM_IO("commit-req-from-io", "COMMIT_AND_FETCH_REQ takes the request from io->req, not tags->rqs[tag]",
            "6.16 ublk_commit_and_fetch L2108 (6.14 reads tags->rqs: L1831, L1416)"),
    STOP_CANCELS_DEAD("stop-cancels-dead", "ublk_stop_dev runs ublk_cancel_dev after its unlock also on a device already DEAD (STOP_DEV or DEL_DEV after another stop)",
            "6.14 ublk_stop_dev L1640-1653 (DEAD: goto unlock; ublk_cancel_dev), ublk_remove L2220-2227; 6.16 ublk_stop_dev L1912-1918"),
    /**
     * 7.3's __ublk_complete_rq ends every request it copies nothing back for (a WRITE on every data
     * path, a READ outside copy mode) with blk_mq_end_request(req, BLK_STS_OK): a short non-negative
     * COMMIT result completes the whole request and nothing is requeued. Off: blk_update_request(req,
     * BLK_STS_OK, io->res) completes that many bytes and requeues the rest (6.12, 7.2).
     */
    SHORT_COMMIT_ENDS_WHOLE("short-commit-ends-whole",
            "a short COMMIT result of a request with no copy-back (WRITE; READ outside copy mode) ends the whole request OK",
            "7.3.4 ublk_drv.c __ublk_complete_rq L1581-1583 (goto exit) and L1628 ublk_end_request; 7.2.12 L1577-1586 (ublk_unmap_io returns rq_bytes) and"
                    + " 6.12.118 L927-950 (ublk_unmap_io returns rq_bytes) reach blk_update_request(req, BLK_STS_OK, io->res) instead (L1616, L1104)");

    private final String id;
    private final String description;
    private final String source;

    Behaviour(String id, String description, String source) {
        this.id = id;
        this.description = description;
        this.source = source;
    }

    /** The switch's name on the command line ({@code ublk-lab kernels}). */
    public String id() {
        return id;
    }

    /** One line: what the kernel does when the switch is on. */
    public String description() {
        return description;
    }

    /** The kernel lines or the change the switch comes from. */
    public String source() {
        return source;
    }
}
