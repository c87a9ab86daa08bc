package dev.ublklab.trace;

import dev.ublklab.model.Event;
import dev.ublklab.model.Facts;

/**
 * One event of a trace: its type, its own fields and the IO it acts on, then the step's facts.
 * Fields a type does not have, or a writer did not know, are {@link #ABSENT}.
 *
 * @param io the index (in {@link Header#ios()}) of the IO the event acts on; {@link #NO_IO} where
 *           the event names an IO slot that holds none (a fetch of a request already ended); for
 *           types without an io field of their own it is the IO their operation, worker or
 *           adversarial action acts on ({@code dev.ublklab.model.Model#actsOn}), ABSENT when none
 */
public record TraceEvent(EventType type, int queue, int tag, int index, int worker, int choice, int io, Facts facts) {
    /** A field the event does not have. */
    public static final int ABSENT = Integer.MIN_VALUE;
    /** An io field that names no IO (written "-"). */
    public static final int NO_IO = -1;

    public TraceEvent {
        assert type != null && facts != null;
    }

    /** The tag the event names, or null. */
    public Tag tagOf() {
        return queue >= 0 && tag >= 0 ? new Tag(queue, tag) : null;
    }

    /** Whether the event names an IO. */
    public boolean hasIo() {
        return io >= 0;
    }

    /** A model event with its facts; {@code io}: what it acts on ({@code Model#actsOn}), -1 for none. */
    public static TraceEvent of(Event e, Facts facts, int io) {
        int a = ABSENT;
        int other = io < 0 ? ABSENT : io;
        return switch (e) {
            case Event.Submit x -> new TraceEvent(EventType.SUBMIT, a, a, a, a, a, x.io(), facts);
            case Event.ReleasePages x -> new TraceEvent(EventType.RELEASE_PAGES, a, a, a, a, a, x.io(), facts);
            case Event.Crash x -> new TraceEvent(EventType.CRASH, x.queue(), a, a, a, a, other, facts);
            case Event.AllocTag x -> new TraceEvent(EventType.ALLOC_TAG, x.queue(), x.tag(), a, a, a, x.io(), facts);
            case Event.QueueRq x -> new TraceEvent(EventType.QUEUE_RQ, x.queue(), x.tag(), a, a, a, x.io(), facts);
            case Event.TaskWork x -> new TraceEvent(EventType.TASK_WORK, x.queue(), x.tag(), a, a, a, x.io(), facts);
            case Event.Fetch x -> new TraceEvent(EventType.FETCH, x.queue(), x.tag(), a, a, a, x.io(), facts);
            case Event.Issue x -> new TraceEvent(EventType.ISSUE, x.queue(), x.tag(), a, a, a, x.io(), facts);
            case Event.Execute x -> new TraceEvent(EventType.EXECUTE, x.queue(), x.tag(), x.index(), a, a, other, facts);
            case Event.Cqe x -> new TraceEvent(EventType.CQE, x.queue(), x.tag(), x.index(), a, a, other, facts);
            case Event.Abort x -> new TraceEvent(EventType.ABORT, x.queue(), x.tag(), a, a, a, x.io(), facts);
            case Event.WorkerStart x -> new TraceEvent(EventType.WORKER_START, x.queue(), x.tag(), x.index(), x.worker(), a,
                    other, facts);
            case Event.CopyPages x -> new TraceEvent(EventType.COPY_PAGES, a, a, a, x.worker(), a, other, facts);
            case Event.Adversary x -> new TraceEvent(EventType.ADVERSARY, x.queue(), a, a, a, x.choice(), other, facts);
            case Event.SpliceRead x -> new TraceEvent(EventType.SPLICE_READ, a, a, a, x.worker(), a, other, facts);
            case Event.SpliceConsume x -> new TraceEvent(EventType.SPLICE_CONSUME, a, a, a, x.worker(), a, other, facts);
            case Event.RingClose x -> new TraceEvent(EventType.RING_CLOSE, a, a, x.ring(), a, a, other, facts);
            case Event.Timeout x -> new TraceEvent(EventType.TIMEOUT, a, a, a, a, a, x.io(), facts);
            case Event.ServerStep x -> new TraceEvent(EventType.SERVER_STEP, x.queue(), x.tag(), a, a, a, other, facts);
            case Event.ServerExit x -> new TraceEvent(EventType.SERVER_EXIT, x.queue(), a, a, a, a, other, facts);
            case Event.TaskWorkRun x -> new TraceEvent(EventType.TASK_WORK_RUN, a, a, x.cmd(), a, a, other, facts);
            case Event.CancelStep x -> new TraceEvent(EventType.CANCEL_STEP, a, a, x.ring(), a, a, other, facts);
            case Event.BufRelease x -> new TraceEvent(EventType.BUF_RELEASE, x.queue(), x.tag(), a, a, a, other, facts);
            case Event.Control x -> new TraceEvent(EventType.CONTROL, a, a, x.op(), a, a, other, facts);
            case Event.DeadDisk x -> new TraceEvent(EventType.DEAD_DISK, a, a, x.path(), a, a, x.io(), facts);
        };
    }

    /**
     * The model event this trace event stands for, or null when it is none (a real {@code complete})
     * or lacks one of the model event's fields (a real trace's cqe has no index). An injected fault
     * comes back from the step's {@code fault} fact.
     */
    public Event toModel() {
        for (EventType.Field f : type.fields()) {
            if (field(f) == ABSENT) {
                return null;
            }
        }
        Event e = event();
        int fault = dev.ublklab.model.Fault.parse(facts.get(dev.ublklab.model.Fact.FAULT));
        return e == null || fault == 0 ? e : e.withFault(fault);
    }

    private Event event() {
        return switch (type) {
            case SUBMIT -> new Event.Submit(io);
            case RELEASE_PAGES -> new Event.ReleasePages(io);
            case CRASH -> new Event.Crash(queue);
            case ALLOC_TAG -> new Event.AllocTag(io, queue, tag);
            case QUEUE_RQ -> new Event.QueueRq(queue, tag, io);
            case TASK_WORK -> new Event.TaskWork(queue, tag, io);
            case FETCH -> new Event.Fetch(queue, tag, io);
            case ISSUE -> new Event.Issue(queue, tag, io);
            case EXECUTE -> new Event.Execute(queue, index, tag);
            case CQE -> new Event.Cqe(queue, index, tag);
            case ABORT -> new Event.Abort(queue, tag, io);
            case WORKER_START -> new Event.WorkerStart(worker, queue, index, tag);
            case COPY_PAGES -> new Event.CopyPages(worker);
            case ADVERSARY -> new Event.Adversary(queue, choice);
            case SPLICE_READ -> new Event.SpliceRead(worker);
            case SPLICE_CONSUME -> new Event.SpliceConsume(worker);
            case COMPLETE -> null;
            case RING_CLOSE -> new Event.RingClose(index);
            case TIMEOUT -> new Event.Timeout(io);
            case SERVER_STEP -> new Event.ServerStep(queue, tag);
            case SERVER_EXIT -> new Event.ServerExit(queue);
            case TASK_WORK_RUN -> new Event.TaskWorkRun(index);
            case CANCEL_STEP -> new Event.CancelStep(index);
            case BUF_RELEASE -> new Event.BufRelease(queue, tag);
            case CONTROL -> new Event.Control(index);
            case DEAD_DISK -> new Event.DeadDisk(io, index);
        };
    }

    /** The value of one of the event's own fields. */
    public int field(EventType.Field f) {
        return switch (f) {
            case IO -> io;
            case QUEUE -> queue;
            case TAG -> tag;
            case INDEX -> index;
            case WORKER -> worker;
            case CHOICE -> choice;
        };
    }
}
