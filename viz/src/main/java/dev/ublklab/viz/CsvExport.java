package dev.ublklab.viz;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Per-IO phase latencies as CSV: one row per IO, the time it spent in each phase (summed over
 * its segments, in the trace's time unit), submit and completion times, and the total, which is
 * the sum of the phases (a completing step counts as one unit in step traces).
 */
public final class CsvExport {
    private CsvExport() {}

    public static void write(TimelineModel m, Writer out) throws IOException {
        StringBuilder b = new StringBuilder("io,op,queue,unit,submit,complete,ioResult");
        for (Phase p : Phase.values()) {
            if (p != Phase.COMPLETED) {
                b.append(',').append(p.label());
            }
        }
        out.write(b.append(",total\n").toString());
        List<TraceData.IoInfo> ios = m.trace().header().ios();
        for (int io = 0; io < m.ioCount(); io++) {
            b.setLength(0);
            TraceData.IoInfo info = io < ios.size() ? ios.get(io) : null;
            b.append(m.events().ioId(io)).append(',').append(info == null ? "" : info.op()).append(',')
             .append(info == null ? "" : Integer.toString(info.queue())).append(',').append(m.timeUnit()).append(',')
             .append(opt(m.submitTime(io))).append(',').append(opt(m.completeTime(io))).append(',')
             .append(m.ioResult(io) == null ? "" : m.ioResult(io));
            long[] d = m.phaseDurations(io);
            for (Phase p : Phase.values()) {
                if (p != Phase.COMPLETED) {
                    b.append(',').append(d[p.ordinal()]);
                }
            }
            // total = the phases' sum: from submit to the end of the completing step (step traces) or
            // to the completion (real traces); it used to be complete - submit, one short for steps.
            boolean done = m.submitTime(io) >= 0 && m.endTime(io) >= 0;
            b.append(',').append(done ? Long.toString(m.endTime(io) - m.submitTime(io)) : "").append('\n');
            out.write(b.toString());
        }
    }

    private static String opt(long t) {
        return t < 0 ? "" : Long.toString(t);
    }
}
