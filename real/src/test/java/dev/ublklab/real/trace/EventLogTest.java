package dev.ublklab.real.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.trace.Rewrite;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {
    @Test
    void jsonLinesCarrySeqTimeSourceAndEvent() {
        EventLog t = EventLog.recording();
        t.emit(new RealEvent.Fetch(0, 3, "READ", 2048, 8));
        t.emit(new RealEvent.Commit(0, 3, -5));
        t.emit(new RealEvent.Device(1, "STOP_DEV"));                  // not in the trace vocabulary: not written
        List<String> lines = List.of(RealEvents.unscripted("t", t.entries()).split("\n"));
        assertEquals(3, lines.size(), "header and two events");
        assertTrue(lines.get(1).matches("\\{\"seq\":1,\"t\":\\d+,\"src\":\"real\",\"event\":\\{\"type\":\"fetch\",\"queue\":0,"
            + "\"tag\":3,\"op\":\"READ\",\"sector\":2048,\"bytes\":4096}}"), lines.get(1));
        assertTrue(lines.get(2).endsWith("\"event\":{\"type\":\"issue\",\"queue\":0,\"tag\":3,"
            + "\"sqe\":\"COMMIT_AND_FETCH_REQ\",\"result\":-5}}"), lines.get(2));
        assertTrue(t.entries().get(1).t() >= t.entries().get(0).t(), "monotonic time");
    }

    /** Without a scenario the client's IOs are named by number; fetches follow the one attribution rule. */
    @Test
    void fetchesAreAttributedToTheInFlightIoAndTheReaderReadsThem() {
        EventLog t = EventLog.recording();
        t.emit(new RealEvent.Submit(0, "READ", 0, 4096, 1));
        t.emit(new RealEvent.Submit(1, "WRITE", 8192, 8192, 2));
        t.emit(new RealEvent.Fetch(0, 5, "WRITE", 16, 16));
        t.emit(new RealEvent.Transfer(0, 5, "WRITE", 8192, 8192, 8192));
        t.emit(new RealEvent.Commit(0, 5, 8192));
        t.emit(new RealEvent.Complete(1, 8192));
        String text = RealEvents.unscripted("t", t.entries());
        List<String> lines = List.of(text.split("\n"));
        assertEquals(7, lines.size());
        assertTrue(lines.get(3).contains("\"type\":\"fetch\",\"queue\":0,\"tag\":5,\"io\":\"1\""), lines.get(3));
        assertTrue(lines.get(4).contains("\"type\":\"issue\",\"queue\":0,\"tag\":5,\"io\":\"1\",\"sqe\":\"BACKEND_WRITE\""),
            lines.get(4));
        assertTrue(lines.get(6).contains("\"type\":\"complete\",\"io\":\"1\",\"ioResult\":8192"), lines.get(6));
        assertEquals(text, Rewrite.of(text), "the one reader reads it and the one writer writes it back byte for byte");
    }

    /** Emits from several threads: time never goes backwards along seq (the trace reader refuses a trace where it does). */
    @Test
    void timeFollowsSeqAcrossThreads() throws Exception {
        EventLog t = EventLog.recording();
        Thread[] ts = new Thread[4];
        for (int k = 0; k < ts.length; k++) {
            int q = k;
            ts[k] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) t.emit(new RealEvent.Commit(q, i & 7, 0));
            });
        }
        for (Thread x : ts) x.join();
        List<EventLog.Entry> es = t.entries();
        assertEquals(80_000, es.size());
        for (int i = 1; i < es.size(); i++) {
            assertEquals(es.get(i - 1).seq() + 1, es.get(i).seq());
            assertTrue(es.get(i).t() >= es.get(i - 1).t(), "seq " + es.get(i).seq() + ": " + es.get(i).t() + " < " + es.get(i - 1).t());
        }
    }

    @Test
    void offRecordsNothing() {
        EventLog.off().emit(new RealEvent.Complete(1, 0));
        assertEquals(0, EventLog.off().entries().size());
    }
}
