package dev.ublklab.trace;

import java.io.BufferedReader;

/** A trace read by the one reader and written back by the one writer: equal to its input, byte for byte. */
public final class Rewrite {
    private Rewrite() {}

    /** Copies the trace {@code in} to {@code out} through {@link TraceReader} and {@link TraceWriter}; returns the events copied. */
    public static long copy(BufferedReader in, String name, Appendable out) {
        TraceReader r = new TraceReader(in, name);
        TraceWriter w = new TraceWriter(out).header(r.header());
        long n = 0;
        int known = r.ioIds().size();
        for (Entry e = r.next(); e != null; e = r.next()) {
            if (r.ioIds().size() != known) {   // an id met only in events
                known = r.ioIds().size();
                w.ioIds(r.ioIds());
            }
            w.entry(e);
            n++;
        }
        if (r.end() != null) {
            w.end(r.end());
        }
        return n;
    }

    /** {@code text} rewritten. */
    public static String of(String text) {
        StringBuilder b = new StringBuilder(text.length());
        copy(new BufferedReader(new java.io.StringReader(text)), "mem", b);
        return b.toString();
    }
}
