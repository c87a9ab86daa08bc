package dev.ublklab.model;

/**
 * The event vocabulary (MODEL.md §2). Every step of the model is one event; simulator traces, real
 * traces and the viewer use the same names ({@link #type()}). IO fields hold the IO's index in the
 * scenario; the trace codec writes its id.
 */
public sealed interface Event {

    /** Stimuli come from the scenario and the environment. */
    sealed interface Stimulus extends Event {}

    /** Internal steps of the kernel and the server. */
    sealed interface Internal extends Event {}

    /** The client submits IO {@code io} (submit_bio). */
    record Submit(int io) implements Stimulus {}

    /** The client is done with the pages of a completed IO; they may be reused. */
    record ReleasePages(int io) implements Stimulus {}

    /** The daemon of {@code queue} dies. */
    record Crash(int queue) implements Stimulus {}

    /** blk_mq_get_tag: {@code io} gets {@code tag} and the tag's static request. */
    record AllocTag(int io, int queue, int tag) implements Internal {}

    /** ublk_queue_rq: blk-mq dispatches the request of {@code tag}. */
    record QueueRq(int queue, int tag, int io) implements Internal {}

    /**
     * The request's task work runs in the daemon's context and completes its parked uring_cmd;
     * {@code fault}: an injected fault ({@link Fault}) of its ublk_map_io, 0 for none.
     */
    record TaskWork(int queue, int tag, int io, int fault) implements Internal {
        public TaskWork(int queue, int tag, int io) {
            this(queue, tag, io, 0);
        }
    }

    /** The server reaps the fetch CQE of {@code tag} and reads the iod. */
    record Fetch(int queue, int tag, int io) implements Internal {}

    /**
     * The server submits its next SQE for the request on {@code tag}; uring_cmds execute inline;
     * {@code fault}: an injected fault ({@link Fault}) of that inline execution (REGISTER_IO_BUF's
     * allocation, the commit's ublk_unmap_io), 0 for none.
     */
    record Issue(int queue, int tag, int io, int fault) implements Internal {
        public Issue(int queue, int tag, int io) {
            this(queue, tag, io, 0);
        }
    }

    /** The operation at {@code index} of the queue's in-flight operations executes; {@code fault}: an injected fault ({@link Fault}), 0 for none. */
    record Execute(int queue, int index, int tag, int fault) implements Internal {
        public Execute(int queue, int index, int tag) {
            this(queue, index, tag, 0);
        }
    }

    /** The server reaps the CQE of the operation at {@code index}. */
    record Cqe(int queue, int index, int tag) implements Internal {}

    /** ublk_abort_queue: the dying daemon's request on {@code tag} is ended with -EIO. */
    record Abort(int queue, int tag, int io) implements Internal {}

    /**
     * An idle io-wq worker of {@code queue} takes the operation at {@code index} and starts it
     * (io_wq_worker -> io_issue_sqe): for a splice, io_splice and the entry of
     * splice_direct_to_actor; for a user copy, ublk_check_and_get_req. {@code fault}: an injected
     * allocation failure ({@link Fault}), 0 for none.
     */
    record WorkerStart(int worker, int queue, int index, int tag, int fault) implements Internal {
        public WorkerStart(int worker, int queue, int index, int tag) {
            this(worker, queue, index, tag, 0);
        }
    }

    /**
     * The copy half of a user-copy read/write on {@code worker}: ublk_copy_user_pages, then
     * ublk_put_req_ref; {@code fault}: an injected copy fault ({@link Fault}), 0 for none.
     */
    record CopyPages(int worker, int fault) implements Internal {
        public CopyPages(int worker) {
            this(worker, 0);
        }
    }

    /**
     * An adversarial server's extra action on the daemon of {@code queue}: entry {@code choice} of
     * the bounded action domain for this setup (Server#adversaryDomain: splices or user copies with
     * arbitrary target, COMMIT_AND_FETCH_REQ of any tag with wrong results, a crash). An index keeps
     * every event field an int; the step's facts name the action.
     */
    record Adversary(int queue, int choice) implements Stimulus {}

    /** The producer half of one splice_direct_to_actor round on {@code worker} (RFC variants). */
    record SpliceRead(int worker) implements Internal {}

    /**
     * The consumer half of one splice_direct_to_actor round on {@code worker} (RFC variants);
     * {@code fault}: an injected fault ({@link Fault}) of the backing file's side, 0 for none.
     */
    record SpliceConsume(int worker, int fault) implements Internal {
        public SpliceConsume(int worker) {
            this(worker, 0);
        }
    }

    // The mainline lifecycle's events (Lifecycle; shared/docs/mainline-lifecycle.md §2).

    /** The fault "ringClose": the fd of io_uring ring {@code ring} is closed while its task lives. */
    record RingClose(int ring) implements Stimulus {}

    /** The fault "timeout": blk-mq's request timer fires for IO {@code io} (ublk_timeout). */
    record Timeout(int io) implements Stimulus {}

    /** The daemon of {@code queue} takes its next step for {@code tag}: an SQE, or the next part of a command's kernel path. */
    record ServerStep(int queue, int tag) implements Internal {}

    /** The daemon of {@code queue} exits because the kernel aborted every one of its tags. */
    record ServerExit(int queue) implements Internal {}

    /** The task-work node of the io_uring command in slot {@code cmd} runs (submitter task or fallback kworker). */
    record TaskWorkRun(int cmd) implements Internal {}

    /** The next step of ring {@code ring}'s cancel rounds (io_uring_try_cancel_uring_cmd). */
    record CancelStep(int ring) implements Internal {}

    /** ublk_io_release: io_uring drops the last reference of the buffer registered for {@code tag}. */
    record BufRelease(int queue, int tag) implements Internal {}

    /**
     * A control-path or kworker step ({@code op}: LcControl's START_DEV .. ublk_stop_dev). In the
     * simplified lifecycle only {@code ublk_stop_dev} after a crash: del_gendisk marks the disk dead
     * (DelGendisk).
     */
    record Control(int op) implements Internal {}

    /**
     * IO {@code io}, submitted but holding no request, ends on a disk del_gendisk marked dead without
     * reaching ublk: {@code path} 0, the read/write iter's size check (READ 0 bytes, WRITE -ENOSPC);
     * 1, bio_queue_enter (-EIO). See DelGendisk.
     */
    record DeadDisk(int io, int path) implements Internal {}

    /** The injected fault ({@link Fault}) this event carries, 0 for none. */
    default int fault() {
        return switch (this) {
            case TaskWork e -> e.fault();
            case Issue e -> e.fault();
            case Execute e -> e.fault();
            case WorkerStart e -> e.fault();
            case CopyPages e -> e.fault();
            case SpliceConsume e -> e.fault();
            default -> 0;
        };
    }

    /** The same event with fault code {@code f} (events without a failure point keep none). */
    default Event withFault(int f) {
        return switch (this) {
            case TaskWork e -> new TaskWork(e.queue(), e.tag(), e.io(), f);
            case Issue e -> new Issue(e.queue(), e.tag(), e.io(), f);
            case Execute e -> new Execute(e.queue(), e.index(), e.tag(), f);
            case WorkerStart e -> new WorkerStart(e.worker(), e.queue(), e.index(), e.tag(), f);
            case CopyPages e -> new CopyPages(e.worker(), f);
            case SpliceConsume e -> new SpliceConsume(e.worker(), f);
            default -> this;
        };
    }

    /** The name used in traces. */
    default String type() {
        return switch (this) {
            case Submit e -> "submit";
            case ReleasePages e -> "releasePages";
            case Crash e -> "crash";
            case AllocTag e -> "allocTag";
            case QueueRq e -> "queueRq";
            case TaskWork e -> "taskWork";
            case Fetch e -> "fetch";
            case Issue e -> "issue";
            case Execute e -> "execute";
            case Cqe e -> "cqe";
            case Abort e -> "abort";
            case SpliceRead e -> "spliceRead";
            case SpliceConsume e -> "spliceConsume";
            case WorkerStart e -> "workerStart";
            case CopyPages e -> "copyPages";
            case Adversary e -> "adversary";
            case RingClose e -> "ringClose";
            case Timeout e -> "timeout";
            case ServerStep e -> "serverStep";
            case ServerExit e -> "serverExit";
            case TaskWorkRun e -> "taskWorkRun";
            case CancelStep e -> "cancelStep";
            case BufRelease e -> "bufRelease";
            case Control e -> "control";
            case DeadDisk e -> "deadDisk";
        };
    }

    /** Whether a real kernel run lets us observe this event (submit, fetch CQE, server IO, commit, completion). */
    default boolean observable() {
        return switch (this) {
            case Submit e -> true;
            case Fetch e -> true;
            case Issue e -> true;
            case Cqe e -> true;
            case ReleasePages e -> false;
            case Crash e -> true;
            case AllocTag e -> false;
            case QueueRq e -> false;
            case TaskWork e -> false;
            case Execute e -> false;
            case Abort e -> false;
            case SpliceRead e -> false;
            case SpliceConsume e -> false;
            case WorkerStart e -> false;
            case CopyPages e -> false;
            case Adversary e -> true;
            case RingClose e -> true;
            case Timeout e -> false;
            case ServerStep e -> true;
            case ServerExit e -> true;
            case TaskWorkRun e -> false;
            case CancelStep e -> false;
            case BufRelease e -> false;
            case Control e -> true;
            case DeadDisk e -> false;
        };
    }
}
