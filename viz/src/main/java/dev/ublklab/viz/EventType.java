package dev.ublklab.viz;

import java.util.Locale;

/**
 * The event names a trace may carry (docs/trace-format.md): the model's vocabulary
 * ({@code dev.ublklab.model.Event#type()}) plus {@code complete}, which real traces write when the
 * client reaps an IO's completion.
 */
public enum EventType {
    SUBMIT("submit"),
    ALLOC_TAG("allocTag"),
    QUEUE_RQ("queueRq"),
    TASK_WORK("taskWork"),
    FETCH("fetch"),
    ISSUE("issue"),
    EXECUTE("execute"),
    CQE("cqe"),
    ABORT("abort"),
    CRASH("crash"),
    RELEASE_PAGES("releasePages"),
    SPLICE_READ("spliceRead"),
    SPLICE_CONSUME("spliceConsume"),
    WORKER_START("workerStart"),
    COPY_PAGES("copyPages"),
    ADVERSARY("adversary"),
    // The mainline lifecycle's events (kernels 6.14 and 6.16).
    RING_CLOSE("ringClose"),
    TIMEOUT("timeout"),
    SERVER_STEP("serverStep"),
    SERVER_EXIT("serverExit"),
    TASK_WORK_RUN("taskWorkRun"),
    CANCEL_STEP("cancelStep"),
    BUF_RELEASE("bufRelease"),
    CONTROL("control"),
    /** A request-less IO ends on a disk del_gendisk marked dead (kernels 6.12, 7.3). */
    DEAD_DISK("deadDisk"),
    COMPLETE("complete");

    private static final EventType[] VALUES = values();

    private final String wire;
    private final boolean ownsIo;

    EventType(String wire) {
        this.wire = wire;
        this.ownsIo = dev.ublklab.trace.EventType.byWire(wire).ownsIo();
    }

    /** Whether {@code io} is one of the type's own fields (the trace contract's {@code ownsIo}). */
    public boolean ownsIo() {
        return ownsIo;
    }

    /** The name used in traces. */
    public String wire() {
        return wire;
    }

    /** The type named {@code name} in a trace, or null when the vocabulary has no such name. */
    public static EventType ofWire(String name) {
        for (EventType t : VALUES) {
            if (t.wire.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The type for an ordinal stored in an {@link EventTable}. */
    public static EventType of(int ordinal) {
        return VALUES[ordinal];
    }

    /** Lenient lookup for filters: the wire name in any case. */
    public static EventType ofWireIgnoreCase(String name) {
        for (EventType t : VALUES) {
            if (t.wire.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
