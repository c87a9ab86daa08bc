package dev.ublklab.model;

/**
 * The names of what a step did beyond its event ({@link Facts}): one closed vocabulary, written in
 * traces under {@link #wire()} (docs/trace-format.md lists which event carries which).
 */
public enum Fact {
    /** an adversarial action, in words. */
    ACTION("action"),
    /** the fetched request's bytes (iod nr_sectors * 512). */
    BYTES("bytes"),
    /** io-wq operations a crash cancelled. */
    CANCELLED("cancelled"),
    /** the IO a step ended (its id). */
    COMPLETED("completed"),
    /** the splice consumer's result. */
    CONSUMED("consumed"),
    /** bytes a user copy moved. */
    COPIED("copied"),
    /** a commit whose completion waits for io->ref (its value). */
    DEFERRED("deferred"),
    /** offset in the backing file. */
    FILE_OFF("fileOff"),
    /** an IO an accepted adversary action or a fault affected (Taint). */
    TAINTED("tainted"),
    /** an injected fault (scenario {@code faults}: backendError, backendShort, allocFail, copyFault), in words. */
    FAULT("fault"),
    /** splice flags, in words. */
    FLAGS("flags"),
    /** the history invariant a step broke (its public name). */
    FLAW("flaw"),
    /** the request slot's generation after an allocation. */
    GENERATION("generation"),
    /** the RFC request counter after an add. */
    HANDLED("handled"),
    /** the result an ended IO completed with (bytes or -errno). */
    IO_RESULT("ioResult"),
    /** this put completed the request. */
    LAST_PUT("lastPut"),
    /** bytes asked for. */
    LEN("len"),
    /** offset in a registered buffer. */
    OFFSET("offset"),
    /** a NULL offset was dereferenced. */
    OOPS("oops"),
    /** the fetched request's operation. */
    OP("op"),
    /** bytes the producer put in the pipe. */
    PUSHED("pushed"),
    /** the producer's result. */
    READ("read"),
    /** io->ref after a get. */
    REF("ref"),
    /** buffers or nodes dropped. */
    RELEASED("released"),
    /** bytes of a request requeued. */
    REQUEUED("requeued"),
    /** bytes a short commit left that the kernel nevertheless ended (short-commit-ends-whole). */
    ENDED_WHOLE("endedWhole"),
    /** a result (CQE res, a worker's result). */
    RES("res"),
    /** the result a COMMIT_AND_FETCH_REQ carries. */
    RESULT("result"),
    /** the fetched request's start sector. */
    SECTOR("sector"),
    /** a fixed-buffer table index. */
    SLOT("slot"),
    /** the SQE kind (its trace name). */
    SQE("sqe"),
    /** a CQE or fetch for a request the server no longer handles. */
    STALE("stale"),
    /** a blk_status or task state, in words. */
    STATUS("status"),
    // The mainline lifecycle's steps (Lifecycle).
    /** the command slot a cancel round calls ->uring_cmd(IO_URING_F_CANCEL) on. */
    CANCEL("cancel"),
    /** where a task work ran: its submitter task, or the fallback kworker. */
    CONTEXT("context"),
    /** an io_uring command completed: its slot, queue, tag and result. */
    CQE("cqe"),
    /** a ring's cancel loop: another round, or the ring is gone. */
    RING("ring"),
    /** a cancel loop starts another round. */
    ROUND("round"),
    /** what the request timeout handler returned. */
    TIMEOUT("timeout"),
    /** a modelled kernel path used an object after its lifetime (no-use-after-free), in words. */
    UAF("uaf"),
    /** a WARN_ON of the lifecycle code fired, in words. */
    WARN("warn");

    private final String wire;

    Fact(String wire) {
        this.wire = wire;
    }

    /** The name in traces. */
    public String wire() {
        return wire;
    }

    /** A fact's value as traces write it: SQEs and flaw rules by their names, numbers and text as they are. */
    public static String text(Object value) {
        return switch (value) {
            case Sqe s -> s.wire();
            case Flaw.Rule r -> r.id();
            default -> String.valueOf(value);
        };
    }

    /** The fact written as {@code wire} in a trace, or null. */
    public static Fact byWire(String wire) {
        for (Fact f : values()) {
            if (f.wire.equals(wire)) {
                return f;
            }
        }
        return null;
    }
}
