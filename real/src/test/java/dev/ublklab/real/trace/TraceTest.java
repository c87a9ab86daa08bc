package dev.ublklab.real.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ublklab.sim.TraceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceTest {
    @Test
    void jsonLinesCarrySeqTimeSourceAndEvent(@TempDir Path dir) throws Exception {
        Trace t = Trace.recording();
        t.emit(new TraceEvent.Fetch(0, 3, "READ", 2048, 8));
        t.emit(new TraceEvent.Commit(0, 3, -5));
        t.emit(new TraceEvent.Device(1, "STOP_DEV"));                  // not in the trace vocabulary: not written
        Path f = dir.resolve("t.jsonl");
        t.writeJsonLines(f);
        List<String> lines = Files.readAllLines(f);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).matches("\\{\"seq\":1,\"t\":\\d+,\"src\":\"real\",\"event\":\\{\"type\":\"fetch\",\"queue\":0,"
            + "\"tag\":3,\"op\":\"READ\",\"sector\":2048,\"bytes\":4096}}"), lines.get(0));
        assertTrue(lines.get(1).endsWith("\"event\":{\"type\":\"issue\",\"queue\":0,\"tag\":3,"
            + "\"sqe\":\"COMMIT_AND_FETCH_REQ\",\"result\":-5}}"), lines.get(1));
        assertTrue(t.entries().get(1).t() >= t.entries().get(0).t(), "monotonic time");
    }

    /** Real lines carry the IO's scenario id, so sim's TraceCodec can read them back as model events. */
    @Test
    void fetchesAreAttributedToTheInFlightIoAndTheCodecReadsThem(@TempDir Path dir) throws Exception {
        Trace t = Trace.recording();
        t.emit(new TraceEvent.Submit(0, "READ", 0, 4096, 1));
        t.emit(new TraceEvent.Submit(1, "WRITE", 8192, 8192, 2));
        t.emit(new TraceEvent.Fetch(0, 5, "WRITE", 16, 16));
        t.emit(new TraceEvent.Transfer(0, 5, "WRITE", 8192, 8192, 8192));
        t.emit(new TraceEvent.Commit(0, 5, 8192));
        t.emit(new TraceEvent.Complete(1, 8192));
        Path f = dir.resolve("t.jsonl");
        t.writeJsonLines(f, null, io -> io == 0 ? "r1" : "w1");
        List<String> lines = Files.readAllLines(f);
        assertEquals(6, lines.size());
        assertTrue(lines.get(2).contains("\"type\":\"fetch\",\"queue\":0,\"tag\":5,\"io\":\"w1\""), lines.get(2));
        assertTrue(lines.get(3).contains("\"type\":\"issue\",\"queue\":0,\"tag\":5,\"io\":\"w1\",\"sqe\":\"BACKEND_WRITE\""),
            lines.get(3));
        assertTrue(lines.get(5).contains("\"type\":\"complete\",\"io\":\"w1\",\"ioResult\":8192"), lines.get(5));
        for (ObjectNode n : TraceCodec.lines(String.join("\n", lines))) {
            String type = n.path("event").path("type").asText();   // "complete" is the real-only type of the format
            assertTrue(type.equals("complete") || TraceCodec.types().contains(type), n.toString());
        }
    }

    @Test
    void offRecordsNothing() {
        Trace.off().emit(new TraceEvent.Complete(1, 0));
        assertEquals(0, Trace.off().entries().size());
    }
}
