package dev.ublklab.sim;

import dev.ublklab.model.Event;
import dev.ublklab.model.Fact;
import dev.ublklab.model.Facts;
import dev.ublklab.model.Setup;
import dev.ublklab.model.Sqe;
import java.util.ArrayList;
import java.util.List;

/**
 * What a real kernel run lets us observe, in the trace vocabulary: {@code submit} (io),
 * {@code fetch} (queue, tag, op, sector, bytes), {@code commit} (queue, tag, result),
 * {@code complete} (io, result), zero copy's {@code cqe} of REGISTER_IO_BUF / UNREGISTER_IO_BUF
 * (queue, tag, op = the sqe, result = res), and an adversarial server's {@code adversary} action
 * (queue, result = its choice; never in a real trace). Fields that do not apply are -1 / null.
 * Server transfers are not compared: a RAM target moves data with memcpy where the model's server
 * issues io_uring IO, and the real server moves a request whole where the model may chunk it.
 */
public record Observation(String kind, String io, int queue, int tag, String op, long sector, long bytes, long result) {

    public static Observation submit(String io) {
        return new Observation("submit", io, -1, -1, null, -1, -1, 0);
    }

    public static Observation fetch(int queue, int tag, String op, long sector, long bytes) {
        return new Observation("fetch", null, queue, tag, op, sector, bytes, 0);
    }

    public static Observation commit(int queue, int tag, long result) {
        return new Observation("commit", null, queue, tag, null, -1, -1, result);
    }

    public static Observation complete(String io, long result) {
        return new Observation("complete", io, -1, -1, null, -1, -1, result);
    }

    /** Zero copy: the CQE of the server's REGISTER_IO_BUF or UNREGISTER_IO_BUF for (queue, tag). */
    public static Observation cqe(int queue, int tag, String sqe, long res) {
        return new Observation("cqe", null, queue, tag, sqe, -1, -1, res);
    }

    /** An adversarial server's extra action {@code choice} on the daemon of {@code queue}. */
    public static Observation adversary(int queue, int choice) {
        return new Observation("adversary", null, queue, -1, null, -1, -1, choice);
    }

    /** Whether a CQE of this operation is observed: zero copy's buffer registration and its end. */
    public static boolean observedCqe(Object sqe) {
        Sqe s = sqe instanceof String w ? Sqe.byWire(w) : (Sqe) sqe;
        return s == Sqe.REGISTER_IO_BUF || s == Sqe.UNREGISTER_IO_BUF;
    }

    /** What one model step shows a real observer (none, one, or a commit followed by a completion). */
    public static List<Observation> of(Setup setup, Event e, Facts f) {
        List<Observation> out = new ArrayList<>(2);
        switch (e) {
            case Event.Submit s -> out.add(submit(setup.ios().get(s.io()).id()));
            case Event.Fetch x -> out.add(fetch(x.queue(), x.tag(), (String) f.get(Fact.OP), num(f, Fact.SECTOR), num(f, Fact.BYTES)));
            case Event.Issue i -> {
                if (f.get(Fact.SQE) == Sqe.COMMIT_AND_FETCH_REQ) {
                    out.add(commit(i.queue(), i.tag(), num(f, Fact.RESULT)));
                }
            }
            case Event.Cqe c -> {
                if (observedCqe(f.get(Fact.SQE))) {
                    out.add(cqe(c.queue(), c.tag(), ((Sqe) f.get(Fact.SQE)).wire(), num(f, Fact.RES)));
                }
            }
            case Event.Adversary a -> out.add(adversary(a.queue(), a.choice()));
            default -> { }
        }
        if (f.get(Fact.COMPLETED) != null) {
            out.add(complete((String) f.get(Fact.COMPLETED), num(f, Fact.IO_RESULT)));
        }
        return out;
    }

    /** A numeric fact, or -1 where the step did not record it (a fetch CQE whose request is gone). */
    private static long num(Facts f, Fact name) {
        return f.get(name) instanceof Long l ? l : -1;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case "submit" -> "submit " + io;
            case "fetch" -> "fetch q" + queue + " tag" + tag + " " + op + " sector=" + sector + " bytes=" + bytes;
            case "commit" -> "commit q" + queue + " tag" + tag + " result=" + result;
            case "complete" -> "complete " + io + " result=" + result;
            case "cqe" -> "cqe q" + queue + " tag" + tag + " " + op + " res=" + result;
            case "adversary" -> "adversary q" + queue + " choice=" + result;
            default -> kind;
        };
    }
}
