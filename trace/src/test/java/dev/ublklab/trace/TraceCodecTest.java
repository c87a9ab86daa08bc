package dev.ublklab.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Fact;
import dev.ublklab.model.Facts;
import dev.ublklab.model.Flaw;
import dev.ublklab.model.Sqe;
import java.io.BufferedReader;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceCodecTest {
    static final Header HEADER = new Header(Src.SIM, "s \"quoted\"", "copy", 7, 2, 4,
            List.of(new Header.IoInfo("r1", "READ", 0, 8, 4096), new Header.IoInfo("w1", "WRITE", 1, 0, 8192)),
            "scenarios/copy/s.json");

    /** A trace with every event type and every kind of fact value, escapes included. */
    static String sample() {
        StringBuilder b = new StringBuilder();
        TraceWriter w = new TraceWriter(b).header(HEADER);
        long seq = 1;
        for (EventType type : EventType.values()) {
            Facts f = Facts.NONE.and(Fact.SQE, Sqe.COMMIT_AND_FETCH_REQ).and(Fact.RES, -5).and(Fact.FLAW, Flaw.Rule.NO_KERNEL_WARN)
                    .and(Fact.ACTION, "tab\there \"q\" \\ \u0001 ü");
            int a = TraceEvent.ABSENT;
            w.entry(seq, seq, Src.SIM, new TraceEvent(type, 1, 3, type.fields().contains(EventType.Field.INDEX) ? 0 : a,
                    type.fields().contains(EventType.Field.WORKER) ? 2 : a, type.fields().contains(EventType.Field.CHOICE) ? 9 : a,
                    seq % 3 == 0 ? TraceEvent.NO_IO : (int) (seq % 2), f));
            seq++;
        }
        w.end(new End(Verdict.VIOLATED, "no-kernel-warn", "why \"so\"", 17, List.of(0, 2, 1)));
        return b.toString();
    }

    @Test
    void everyEventTypeRoundTripsByteForByte() {
        String text = sample();
        assertEquals(text, Rewrite.of(text));
        TraceReader r = new TraceReader(new BufferedReader(new StringReader(text)), "mem");
        assertEquals(HEADER, r.header());
        Entry first = r.next();
        assertEquals(EventType.SUBMIT, first.event().type());
        assertEquals(Sqe.COMMIT_AND_FETCH_REQ, first.event().facts().get(Fact.SQE));
        assertEquals(Flaw.Rule.NO_KERNEL_WARN, first.event().facts().get(Fact.FLAW));
        assertEquals("tab\there \"q\" \\ \u0001 ü", first.event().facts().get(Fact.ACTION));
        int n = 1;
        while (r.next() != null) {
            n++;
        }
        assertEquals(EventType.values().length, n);
        assertEquals(new End(Verdict.VIOLATED, "no-kernel-warn", "why \"so\"", 17, List.of(0, 2, 1)), r.end());
    }

    @Test
    void aMillionEventsRoundTrip() {
        StringBuilder b = new StringBuilder(150 << 20);
        TraceWriter w = new TraceWriter(b).header(HEADER);
        for (int i = 1; i <= 1_000_000; i++) {
            EventType type = EventType.values()[i % EventType.values().length];
            int a = TraceEvent.ABSENT;
            Facts f = i % 5 == 0 ? Facts.NONE : Facts.NONE.and(Fact.LEN, i).and(Fact.SQE, Sqe.values()[i % Sqe.values().length]);
            w.entry(i, i, Src.SIM, new TraceEvent(type, i % 2, i % 4, i % 7, a, a, i % 2, f));
        }
        w.end(new End(Verdict.PASSED, null, null, 1_000_000, List.of()));
        String text = b.toString();
        StringBuilder again = new StringBuilder(text.length());
        assertEquals(1_000_000, Rewrite.copy(new BufferedReader(new StringReader(text)), "big", again));
        assertTrue(text.contentEquals(again), "a 1M-event trace reads back and writes out byte for byte");
    }

    @Test
    void legacyCommitCqeReadsAsCommitAndFetchReq() {
        String text = "{\"trace\":\"ublk-lab\",\"version\":1,\"src\":\"sim\",\"scenario\":\"s\",\"variant\":\"copy\",\"seed\":1,"
                + "\"queues\":1,\"depth\":1,\"ios\":[]}\n"
                + "{\"seq\":1,\"t\":1,\"src\":\"sim\",\"event\":{\"type\":\"cqe\",\"queue\":0,\"index\":0,\"tag\":-1,\"sqe\":\"COMMIT\",\"res\":-22}}\n";
        TraceReader r = new TraceReader(new BufferedReader(new StringReader(text)), "old");
        TraceEvent e = r.next().event();
        assertEquals(Sqe.COMMIT_AND_FETCH_REQ, e.facts().get(Fact.SQE));
        assertEquals(-1, e.tag(), "an adversarial operation's owner tag is -1, not absent");
        assertNull(r.next());
        assertNull(r.end(), "no end line");
    }

    /** Everything a reader gives: the header, every entry, the end line. */
    private static List<Object> readAll(BufferedReader in) {
        TraceReader r = new TraceReader(in, "mem");
        List<Object> out = new ArrayList<>(List.of(r.header()));
        for (Entry e = r.next(); e != null; e = r.next()) {
            out.add(e);
        }
        out.add(r.end());
        return out;
    }

    /** A reader that hands out one to three characters at a time: every line crosses a block boundary. */
    private static Reader trickle(String t) {
        return new Reader() {
            private int i;

            @Override
            public int read(char[] b, int off, int len) {
                if (i >= t.length()) {
                    return -1;
                }
                int n = Math.min(Math.min(len, 1 + i % 3), t.length() - i);
                t.getChars(i, i + n, b, off);
                i += n;
                return n;
            }

            @Override
            public void close() {}
        };
    }

    /** Lines end as readLine ends them (\n, \r, \r\n), blank lines are skipped, blocks may split lines anywhere. */
    @Test
    void linesEndAsReadLineEndsThemWhereverBlocksSplitThem() {
        String text = sample();
        List<Object> plain = readAll(new BufferedReader(new StringReader(text)));
        for (String t : List.of(text, text.replace("\n", "\r\n"), text.replace("\n", "\r"), "\n \n" + text.replace("\n", "\n\t\n"),
                text.substring(0, text.length() - 1))) {
            assertEquals(plain, readAll(new BufferedReader(new StringReader(t))));
            assertEquals(plain, readAll(new BufferedReader(trickle(t), 1)));
        }
    }

    /** The reader tries the keys in the order this codec writes them; any other order reads the same. */
    @Test
    void keysInAnotherOrderReadTheSame() {
        String h = sample().split("\n")[0];
        List<Object> written = readAll(new BufferedReader(new StringReader(
                h + "\n{\"seq\":1,\"t\":2,\"src\":\"sim\",\"event\":{\"type\":\"submit\",\"io\":\"w1\"}}\n")));
        List<Object> shuffled = readAll(new BufferedReader(new StringReader(
                h + "\n{ \"src\" : \"sim\", \"seq\":1 ,\"t\":2,\"event\":{\"io\":\"w1\",\"type\":\"submit\"}}\n")));
        assertEquals(written, shuffled);
        assertEquals(3, written.size());
    }

    @Test
    void aFaultFactComesBackAsTheModelEventsFault() {
        String h = sample().split("\n")[0];
        for (String fault : new String[] {"backendShort half", "copyFault after 1 pages"}) {
            TraceReader r = new TraceReader(new BufferedReader(new StringReader(h + "\n{\"seq\":1,\"t\":1,\"src\":\"sim\",\"event\":"
                    + "{\"type\":\"taskWork\",\"queue\":0,\"tag\":0,\"io\":\"r1\",\"fault\":\"" + fault + "\"}}\n")), "mem");
            r.header();
            dev.ublklab.model.Event e = r.next().event().toModel();
            assertEquals(fault, dev.ublklab.model.Fault.describe(e.fault()));
        }
    }

    @Test
    void errorsNameTheTraceAndTheLineInOneLine() {
        String h = sample().split("\n")[0];
        for (String[] bad : new String[][] {
            {h + "\n{\"seq\":1,\"t\":1,\"event\":{\"type\":\"submit\"\n", "mem: malformed trace line 2: "},
            {h + "\n{\"seq\":1,\"t\":1,\"src\":\"sim\",\"event\":{\"type\":\"teleport\"}}\n", "line 2: unknown event type 'teleport'"},
            {h + "\n{\"seq\":1,\"t\":5,\"src\":\"sim\",\"event\":{\"type\":\"crash\"}}\n{\"seq\":2,\"t\":4,\"src\":\"sim\",\"event\":{\"type\":\"crash\"}}\n",
                "line 3: time goes backwards"},
            {h + "\n{\"seq\":1,\"t\":1,\"src\":\"sim\",\"event\":{\"type\":\"crash\",\"bogus\":1}}\n", "unknown event field 'bogus'"},
            {h + "\n{\"seq\":1,\"t\":1,\"src\":\"sim\",\"event\":{\"type\":\"crash\",\"fault\":\"gremlins\"}}\n", "line 2: unknown fault 'gremlins'"},
            {h + "\n{\"end\":{\"verdict\":\"passed\"}}\n{\"seq\":1}\n", "content after the end line"},
            {"{\"hello\":1}\n", "line 1: the first line is not a ublk-lab trace header"},
            {"", "mem: empty trace, no header line"},
        }) {
            TraceException e = assertThrows(TraceException.class, () -> {
                TraceReader r = new TraceReader(new BufferedReader(new StringReader(bad[0])), "mem");
                r.header();
                while (r.next() != null) {
                    // read to the end
                }
            });
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
