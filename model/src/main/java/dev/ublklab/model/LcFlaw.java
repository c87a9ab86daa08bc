package dev.ublklab.model;

/** What a lifecycle ghost records: the first use after free or WARN, in the kernel's words. */
enum LcFlaw {
    CMD_COMPLETED_TWICE("io_uring_cmd_done on a command that already completed"),
    STALE_CMD_COMPLETED("io_uring_cmd_done on io->cmd after that command completed (its slot may hold another command)"),
    STALE_CMD_TW("io_uring_cmd_complete_in_task on io->cmd after that command completed"),
    TW_ON_FREED_CMD("task work ran on a command that had completed: its io_task_work node was in freed memory"),
    TW_NODE_QUEUED_TWICE("io_uring_cmd_complete_in_task on a command whose task-work node is already queued"),
    PREP_CANCEL_AFTER_DONE("ublk_prep_cancel marks a command cancelable after it completed"),
    NULL_CMD("io->cmd is NULL where the kernel dereferences it"),
    REQUEST_ENDED_TWICE("a request that already ended was ended or completed again"),
    REQUEST_WITHOUT_TAG("__ublk_complete_rq on a request that holds no driver tag"),
    CACHED_RQ_ENDED("tags->rqs[t] used after its request ended"),
    CACHED_RQ_OTHER_TAG("tags->rqs[t] used while its request belongs to another tag"),
    REF_UNDERFLOW("ublk_put_req_ref on a request whose reference is already 0"),
    BUF_AFTER_RELEASE("ublk_io_release on a request that already ended"),
    DAEMON_AFTER_PUT("ubq->ubq_daemon dereferenced after it was put (NULL)"),
    QUEUE_AFTER_RELEASE("queue state used after ublk_ch_release or DEL_DEV"),
    WARN_IO_CMD_MISMATCH("WARN_ON_ONCE(io->cmd != cmd) in ublk_uring_cmd_cancel_fn"),
    WARN_TASK_MISMATCH("WARN_ON_ONCE(task && task != daemon) in ublk_uring_cmd_cancel_fn"),
    WARN_FAIL_ACTIVE("WARN_ON_ONCE(io->flags & UBLK_IO_FLAG_ACTIVE) in __ublk_fail_req"),
    WARN_REINIT("WARN_ON_ONCE(!(ubq->ubq_daemon && ubq_daemon_is_dying(ubq))) in ublk_queue_reinit"),
    WARN_COMMIT_NULL_RQ("WARN_ON_ONCE(!req) in ublk_commit_completion");

    final String text;

    LcFlaw(String text) {
        this.text = text;
    }
}
