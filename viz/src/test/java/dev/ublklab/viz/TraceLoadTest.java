package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceLoadTest {
    static final String HEADER = "{\"trace\":\"ublk-lab\",\"version\":1,\"src\":\"sim\",\"scenario\":\"s\",\"variant\":\"copy\","
            + "\"seed\":1,\"queues\":1,\"depth\":1,\"ios\":[{\"id\":\"w1\",\"op\":\"WRITE\",\"queue\":0,\"sector\":0,\"bytes\":4096}]}";

    @Test
    void readsHeaderEventsAndEnd() {
        TraceData d = TraceLoad.read(Traces.path("copy-basic.jsonl"));
        assertEquals("sim", d.header().src());
        assertEquals(2, d.header().depth());
        assertEquals("scenarios/copy/write-read-basic.json", d.header().scenarioFile());
        assertEquals(20, d.events().size());
        EventTable ev = d.events();
        assertEquals(EventType.ISSUE, ev.type(15));
        assertEquals("COMMIT_AND_FETCH_REQ", ev.sqe(15));
        assertEquals(0, ev.completed(15), "completed w1 is IO index 0");
        assertEquals("4096", ev.fact(15, "ioResult"));
        assertEquals(0, ev.io(11), "execute has no io of its own; the line names w1, the IO it acts on");
        assertEquals(0, ev.index(11));
        assertEquals("passed", d.end().verdict());
        assertFalse(d.end().violated());
    }

    @Test
    void realTraceWithoutEndLine() {
        TraceData d = TraceLoad.read(Traces.path("real-basic.jsonl"));
        assertNull(d.end());
        assertFalse(d.header().stepTime());
        assertEquals(EventType.COMPLETE, d.events().type(5));
    }

    @Test
    void malformedLineNamesTheLine() {
        VizException e = assertThrows(VizException.class, () -> read(HEADER + "\n{\"seq\":1,\"t\":1,\"event\":{\"type\":\"submit\"\n"));
        assertTrue(e.getMessage().contains("malformed trace line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void unknownEventTypeAndBackwardsTime() {
        VizException a = assertThrows(VizException.class,
                () -> read(HEADER + "\n{\"seq\":1,\"t\":1,\"src\":\"sim\",\"event\":{\"type\":\"teleport\"}}\n"));
        assertTrue(a.getMessage().contains("line 2: unknown event type 'teleport'"), a.getMessage());
        VizException b = assertThrows(VizException.class, () -> read(HEADER
                + "\n{\"seq\":1,\"t\":5,\"src\":\"sim\",\"event\":{\"type\":\"submit\",\"io\":\"w1\"}}"
                + "\n{\"seq\":2,\"t\":4,\"src\":\"sim\",\"event\":{\"type\":\"submit\",\"io\":\"w1\"}}\n"));
        assertTrue(b.getMessage().contains("line 3: time goes backwards"), b.getMessage());
    }

    @Test
    void notATraceAndEmptyFile() {
        VizException a = assertThrows(VizException.class, () -> read("{\"hello\":1}\n"));
        assertTrue(a.getMessage().contains("line 1"), a.getMessage());
        VizException b = assertThrows(VizException.class, () -> read(""));
        assertTrue(b.getMessage().contains("empty trace"), b.getMessage());
    }

    @Test
    void missingFile(@TempDir Path dir) {
        VizException e = assertThrows(VizException.class, () -> TraceLoad.read(dir.resolve("nope.jsonl")));
        assertEquals("trace file not found: " + dir.resolve("nope.jsonl"), e.getMessage());
        assertEquals(0, e.getStackTrace().length, "no stack trace to print");
    }

    @Test
    void idsMetOnlyInEventsAreKept(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.jsonl");
        Files.writeString(f, HEADER + "\n{\"seq\":1,\"t\":1,\"src\":\"sim\",\"event\":{\"type\":\"submit\",\"io\":\"x9\"}}\n");
        TraceData d = TraceLoad.read(f);
        assertEquals("x9", d.events().ioId(d.events().io(0)));
        assertEquals(2, d.events().ioCount());
    }

    @Test
    void absurdTagIsAOneLineError() throws Exception {
        TraceData d = read(HEADER + "\n{\"seq\":1,\"t\":1,\"src\":\"sim\",\"event\":{\"type\":\"fetch\",\"queue\":0,"
                + "\"tag\":999999999,\"io\":\"w1\"}}\n{\"seq\":2,\"t\":2,\"src\":\"sim\",\"event\":{\"type\":\"spliceRead\"}}\n");
        VizException e = assertThrows(VizException.class, () -> TimelineModel.of(d));
        assertTrue(e.getMessage().startsWith("event seq 1: queue 0, tag 999999999"), e.getMessage());
        TraceData noWorker = read(HEADER + "\n{\"seq\":1,\"t\":1,\"src\":\"sim\",\"event\":{\"type\":\"spliceRead\"}}\n");
        assertEquals(0, TimelineModel.of(noWorker).laneOfEvent(0), "a splice without a worker goes on the queue lane");
    }

    @Test
    void dashMeansNoIo() throws Exception {
        TraceData d = read(HEADER + "\n{\"seq\":1,\"t\":1,\"src\":\"sim\",\"event\":{\"type\":\"issue\",\"queue\":0,"
                + "\"tag\":0,\"io\":\"-\",\"sqe\":\"crash\"}}\n");
        assertEquals(-1, d.events().io(0));
        assertEquals(1, d.events().ioCount());
    }

    private static TraceData read(String text) throws Exception {
        return TraceLoad.read("mem", new BufferedReader(new StringReader(text)));
    }
}
