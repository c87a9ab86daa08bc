package dev.ublklab.trace;

import dev.ublklab.model.Event;
import dev.ublklab.model.Fact;
import dev.ublklab.model.Facts;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.Sqe;
import java.util.ArrayList;
import java.util.List;

/**
 * What a real kernel run lets us observe, derived from trace events by one rule for the model's
 * steps and for real traces alike ({@link #of(TraceEvent, List)}). Server transfers are not
 * observations: a RAM target moves data with memcpy where the model's server issues io_uring IO,
 * and the real server moves a request whole where the model may chunk it.
 */
public sealed interface Observation {

    /** The client submitted IO {@code io}. */
    record Submit(String io) implements Observation {
        @Override
        public String toString() {
            return "submit " + io;
        }
    }

    /** The server reaped the fetch CQE of {@code tag} and read the iod. Unknown numbers are -1. */
    record Fetch(Tag tag, String op, long sector, long bytes) implements Observation {
        @Override
        public String toString() {
            return "fetch q" + tag.queue() + " tag" + tag.index() + " " + op + " sector=" + sector + " bytes=" + bytes;
        }
    }

    /** The server issued COMMIT_AND_FETCH_REQ for {@code tag} with {@code result}. */
    record Commit(Tag tag, long result) implements Observation {
        @Override
        public String toString() {
            return "commit q" + tag.queue() + " tag" + tag.index() + " result=" + result;
        }
    }

    /** The client reaped IO {@code io}'s completion with {@code result}. */
    record Complete(String io, long result) implements Observation {
        @Override
        public String toString() {
            return "complete " + io + " result=" + result;
        }
    }

    /** Zero copy: the CQE of the server's REGISTER_IO_BUF or UNREGISTER_IO_BUF for {@code tag}. */
    record Cqe(Tag tag, Sqe sqe, long res) implements Observation {
        @Override
        public String toString() {
            return "cqe q" + tag.queue() + " tag" + tag.index() + " " + sqe.wire() + " res=" + res;
        }
    }

    /** An adversarial server's extra action {@code choice} on the daemon of {@code queue} (never in a real trace). */
    record Adversary(int queue, int choice) implements Observation {
        @Override
        public String toString() {
            return "adversary q" + queue + " choice=" + choice;
        }
    }

    static Observation submit(String io) {
        return new Submit(io);
    }

    static Observation fetch(int queue, int tag, String op, long sector, long bytes) {
        return new Fetch(new Tag(queue, tag), op, sector, bytes);
    }

    static Observation commit(int queue, int tag, long result) {
        return new Commit(new Tag(queue, tag), result);
    }

    static Observation complete(String io, long result) {
        return new Complete(io, result);
    }

    static Observation cqe(int queue, int tag, Sqe sqe, long res) {
        return new Cqe(new Tag(queue, tag), sqe, res);
    }

    /** Whether a CQE of this operation is observed: zero copy's buffer registration and its end. */
    static boolean observedCqe(Object sqe) {
        return sqe == Sqe.REGISTER_IO_BUF || sqe == Sqe.UNREGISTER_IO_BUF;
    }

    /**
     * What one event shows a real observer: none, one, or an observation followed by the
     * completion the step made. {@code ioIds} names the event's io index.
     */
    static List<Observation> of(TraceEvent e, List<String> ioIds) {
        List<Observation> out = new ArrayList<>(2);
        Facts f = e.facts();
        switch (e.type()) {
            case SUBMIT -> out.add(submit(ioIds.get(e.io())));
            case FETCH -> out.add(fetch(e.queue(), e.tag(), f.get(Fact.OP) instanceof String op ? op : null, num(f, Fact.SECTOR),
                    num(f, Fact.BYTES)));
            case ISSUE -> {
                if (f.get(Fact.SQE) == Sqe.COMMIT_AND_FETCH_REQ) {
                    out.add(commit(e.queue(), e.tag(), num(f, Fact.RESULT)));
                }
            }
            case CQE -> {
                if (observedCqe(f.get(Fact.SQE))) {
                    out.add(cqe(e.queue(), e.tag(), (Sqe) f.get(Fact.SQE), num(f, Fact.RES)));
                }
            }
            case ADVERSARY -> out.add(new Adversary(e.queue(), e.choice()));
            case COMPLETE -> out.add(complete(ioIds.get(e.io()), num(f, Fact.IO_RESULT)));
            case RELEASE_PAGES, CRASH, ALLOC_TAG, QUEUE_RQ, TASK_WORK, EXECUTE, ABORT, WORKER_START, COPY_PAGES, SPLICE_READ,
                 SPLICE_CONSUME -> { }
        }
        if (f.get(Fact.COMPLETED) instanceof String io) {
            out.add(complete(io, num(f, Fact.IO_RESULT)));
        }
        return out;
    }

    /** What one model step shows a real observer. */
    static List<Observation> of(Setup setup, Event e, Facts f) {
        return of(TraceEvent.of(e, f, -1), new IoIds(setup));
    }

    /** A numeric fact, or -1 where the step did not record it (a fetch CQE whose request is gone). */
    private static long num(Facts f, Fact name) {
        return f.get(name) instanceof Long l ? l : -1;
    }

    /** A setup's IO ids as a list, without copying. */
    final class IoIds extends java.util.AbstractList<String> {
        private final List<IoSpec> ios;

        IoIds(Setup setup) {
            this.ios = setup.ios();
        }

        @Override
        public String get(int i) {
            return ios.get(i).id();
        }

        @Override
        public int size() {
            return ios.size();
        }
    }
}
