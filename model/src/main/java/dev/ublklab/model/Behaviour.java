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
     * The simplified lifecycle of the first model: every FETCH done before the run, the device LIVE,
     * a daemon crash aborts the requests it owns, no io_uring command objects or task-work nodes.
     */
    SIMPLE_LIFECYCLE("simple-lifecycle", "simplified lifecycle: device LIVE from the start, a crash aborts owned requests (MODEL.md §2)",
            "a simplification of ublk_abort_queue/ublk_daemon_monitor_work (5.19-6.7); not any one version's code"),
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
