package dev.ublklab.real.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceTest {
    @Test
    void jsonLinesCarrySeqTimeSourceAndEvent(@TempDir Path dir) throws Exception {
        Trace t = Trace.recording();
        t.emit(new TraceEvent.Fetch(0, 3, "READ", 2048, 8));
        t.emit(new TraceEvent.Commit(0, 3, -5));
        Path f = dir.resolve("t.jsonl");
        t.writeJsonLines(f);
        List<String> lines = Files.readAllLines(f);
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).matches("\\{\"seq\":0,\"t\":\\d+,\"src\":\"real\",\"event\":\\{\"type\":\"fetch\",\"queue\":0,"
            + "\"tag\":3,\"op\":\"READ\",\"start_sector\":2048,\"nr_sectors\":8}}"), lines.get(0));
        assertTrue(lines.get(1).endsWith("\"event\":{\"type\":\"commit\",\"queue\":0,\"tag\":3,\"result\":-5}}"), lines.get(1));
        assertTrue(t.entries().get(1).t() >= t.entries().get(0).t(), "monotonic time");
    }

    @Test
    void offRecordsNothing() {
        Trace.off().emit(new TraceEvent.Complete(1, 0));
        assertEquals(0, Trace.off().entries().size());
    }
}
