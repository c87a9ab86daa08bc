package dev.ublklab.viz;

import dev.ublklab.model.Fact;
import dev.ublklab.model.Facts;
import dev.ublklab.model.Sqe;
import dev.ublklab.trace.End;
import dev.ublklab.trace.EventType;
import dev.ublklab.trace.Header;
import dev.ublklab.trace.Src;
import dev.ublklab.trace.TraceEvent;
import dev.ublklab.trace.TraceWriter;
import dev.ublklab.trace.Verdict;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a synthetic but well-formed copy-variant trace of about {@code events} events through
 * the one trace writer, for the benchmark and the large-trace test. Deterministic: IOs run in
 * waves of queues x depth, each wave interleaving the same step of every IO; there is no randomness.
 */
public final class TraceGenerator {
    /** Events per IO: submit .. releasePages. */
    public static final int EVENTS_PER_IO = 10;
    private static final int A = TraceEvent.ABSENT;

    private TraceGenerator() {}

    public static void write(Path out, int events, int queues, int depth) throws IOException {
        int ios = Math.max(1, events / EVENTS_PER_IO);
        List<Header.IoInfo> infos = new ArrayList<>(ios);
        for (int i = 0; i < ios; i++) {
            infos.add(new Header.IoInfo(id(i), i % 2 == 0 ? "READ" : "WRITE", i % queues, 8L * i, 4096));
        }
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            TraceWriter tw = new TraceWriter(w).header(new Header(Src.SIM, "generated-" + ios, "copy", 1, queues, depth, infos,
                    null));
            long seq = 0;
            int wave = queues * depth;
            for (int first = 0; first < ios; first += wave) {
                int last = Math.min(ios, first + wave);
                for (int k = 0; k < EVENTS_PER_IO; k++) {
                    for (int i = first; i < last; i++) {
                        seq++;
                        tw.entry(seq, seq, Src.SIM, event(seq, k, i, i % queues, (i - first) / queues));
                    }
                }
            }
            tw.end(new End(Verdict.PASSED, null, null, seq, List.of()));
        }
    }

    static String id(int i) {
        return (i % 2 == 0 ? "r" : "w") + i;
    }

    private static TraceEvent event(long seq, int k, int io, int q, int tag) {
        Sqe backend = io % 2 == 0 ? Sqe.BACKEND_READ : Sqe.BACKEND_WRITE;
        Facts none = Facts.NONE;
        return switch (k) {
            case 0 -> new TraceEvent(EventType.SUBMIT, A, A, A, A, A, io, none);
            case 1 -> new TraceEvent(EventType.ALLOC_TAG, q, tag, A, A, A, io, none.and(Fact.GENERATION, seq));
            case 2 -> new TraceEvent(EventType.QUEUE_RQ, q, tag, A, A, A, io, none);
            case 3 -> new TraceEvent(EventType.TASK_WORK, q, tag, A, A, A, io, none.and(Fact.RES, "UBLK_IO_RES_OK"));
            case 4 -> new TraceEvent(EventType.FETCH, q, tag, A, A, A, io, none.and(Fact.OP, io % 2 == 0 ? "READ" : "WRITE")
                    .and(Fact.SECTOR, 8L * io).and(Fact.BYTES, 4096));
            case 5 -> new TraceEvent(EventType.ISSUE, q, tag, A, A, A, io, none.and(Fact.SQE, backend).and(Fact.LEN, 4096)
                    .and(Fact.FILE_OFF, 4096L * io));
            case 6 -> new TraceEvent(EventType.EXECUTE, q, tag, 0, A, A, io, none.and(Fact.SQE, backend).and(Fact.RES, 4096));
            case 7 -> new TraceEvent(EventType.CQE, q, tag, 0, A, A, io, none.and(Fact.SQE, backend).and(Fact.RES, 4096));
            case 8 -> new TraceEvent(EventType.ISSUE, q, tag, A, A, A, io, none.and(Fact.SQE, Sqe.COMMIT_AND_FETCH_REQ)
                    .and(Fact.RESULT, 4096).and(Fact.COMPLETED, id(io)).and(Fact.IO_RESULT, 4096));
            default -> new TraceEvent(EventType.RELEASE_PAGES, A, A, A, A, A, io, none);
        };
    }
}
