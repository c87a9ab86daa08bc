package dev.ublklab.trace;

import dev.ublklab.model.Event;
import java.util.List;

/**
 * The event vocabulary of traces: the model's events ({@link Event#type()}) and {@code complete},
 * which only real traces have (the client reaped an IO's completion). Each type lists its own
 * fields in the order traces write them (the model record's order).
 */
public enum EventType {
    SUBMIT("submit", Field.IO),
    RELEASE_PAGES("releasePages", Field.IO),
    CRASH("crash", Field.QUEUE),
    ALLOC_TAG("allocTag", Field.IO, Field.QUEUE, Field.TAG),
    QUEUE_RQ("queueRq", Field.QUEUE, Field.TAG, Field.IO),
    TASK_WORK("taskWork", Field.QUEUE, Field.TAG, Field.IO),
    FETCH("fetch", Field.QUEUE, Field.TAG, Field.IO),
    ISSUE("issue", Field.QUEUE, Field.TAG, Field.IO),
    EXECUTE("execute", Field.QUEUE, Field.INDEX, Field.TAG),
    CQE("cqe", Field.QUEUE, Field.INDEX, Field.TAG),
    ABORT("abort", Field.QUEUE, Field.TAG, Field.IO),
    WORKER_START("workerStart", Field.WORKER, Field.QUEUE, Field.INDEX, Field.TAG),
    COPY_PAGES("copyPages", Field.WORKER),
    ADVERSARY("adversary", Field.QUEUE, Field.CHOICE),
    SPLICE_READ("spliceRead", Field.WORKER),
    SPLICE_CONSUME("spliceConsume", Field.WORKER),
    COMPLETE("complete", Field.IO),
    // The mainline lifecycle's own steps (kernel versions with mainline-lifecycle); INDEX is the
    // ring, the io_uring command slot or the control operation they name.
    RING_CLOSE("ringClose", Field.INDEX),
    TIMEOUT("timeout", Field.IO),
    SERVER_STEP("serverStep", Field.QUEUE, Field.TAG),
    SERVER_EXIT("serverExit", Field.QUEUE),
    TASK_WORK_RUN("taskWorkRun", Field.INDEX),
    CANCEL_STEP("cancelStep", Field.INDEX),
    BUF_RELEASE("bufRelease", Field.QUEUE, Field.TAG),
    CONTROL("control", Field.INDEX),
    /** A request-less IO ends on a dead disk (DelGendisk); INDEX is the path: 0 size check, 1 bio_queue_enter. */
    DEAD_DISK("deadDisk", Field.IO, Field.INDEX);

    /** An event's own fields (its facts come after them). */
    public enum Field {
        IO("io"), QUEUE("queue"), TAG("tag"), INDEX("index"), WORKER("worker"), CHOICE("choice");

        private final String wire;

        Field(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private final String wire;
    private final List<Field> fields;

    EventType(String wire, Field... fields) {
        this.wire = wire;
        this.fields = List.of(fields);
    }

    public String wire() {
        return wire;
    }

    /** The event's own fields, in trace order. */
    public List<Field> fields() {
        return fields;
    }

    /** Whether {@code io} is one of the event's own fields (else a trace writes it after them, when known). */
    public boolean ownsIo() {
        return fields.contains(Field.IO);
    }

    /** Whether a real kernel run lets us observe events of this type. */
    public boolean observable() {
        return switch (this) {
            case SUBMIT, FETCH, ISSUE, CQE, CRASH, ADVERSARY, COMPLETE -> true;
            case RELEASE_PAGES, ALLOC_TAG, QUEUE_RQ, TASK_WORK, EXECUTE, ABORT, WORKER_START, COPY_PAGES, SPLICE_READ,
                 SPLICE_CONSUME, RING_CLOSE, TIMEOUT, SERVER_STEP, SERVER_EXIT, TASK_WORK_RUN, CANCEL_STEP, BUF_RELEASE,
                 CONTROL, DEAD_DISK -> false;
        };
    }

    /** The type written as {@code wire}, or null. */
    public static EventType byWire(String wire) {
        for (EventType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        return null;
    }

    /** The type of a model event. */
    public static EventType of(Event e) {
        return switch (e) {
            case Event.Submit x -> SUBMIT;
            case Event.ReleasePages x -> RELEASE_PAGES;
            case Event.Crash x -> CRASH;
            case Event.AllocTag x -> ALLOC_TAG;
            case Event.QueueRq x -> QUEUE_RQ;
            case Event.TaskWork x -> TASK_WORK;
            case Event.Fetch x -> FETCH;
            case Event.Issue x -> ISSUE;
            case Event.Execute x -> EXECUTE;
            case Event.Cqe x -> CQE;
            case Event.Abort x -> ABORT;
            case Event.WorkerStart x -> WORKER_START;
            case Event.CopyPages x -> COPY_PAGES;
            case Event.Adversary x -> ADVERSARY;
            case Event.SpliceRead x -> SPLICE_READ;
            case Event.SpliceConsume x -> SPLICE_CONSUME;
            case Event.RingClose x -> RING_CLOSE;
            case Event.Timeout x -> TIMEOUT;
            case Event.ServerStep x -> SERVER_STEP;
            case Event.ServerExit x -> SERVER_EXIT;
            case Event.TaskWorkRun x -> TASK_WORK_RUN;
            case Event.CancelStep x -> CANCEL_STEP;
            case Event.BufRelease x -> BUF_RELEASE;
            case Event.Control x -> CONTROL;
            case Event.DeadDisk x -> DEAD_DISK;
        };
    }
}
