package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generated 1,000,000-event trace loads correctly (time is reported by Viz.bench, not asserted). */
class LargeTraceTest {

    @Test
    void millionEventTraceLoads(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("million.jsonl");
        TraceGenerator.write(f, 1_000_000, 4, 32);
        TimelineModel m = Viz.load(f);
        assertEquals(1_000_000, m.events().size());
        assertEquals(100_000, m.ioCount());
        assertEquals(4 * 33 + 1, m.laneCount(), "4 queue lanes, 128 tag lanes, backing");
        int segments = 0;
        for (int lane = 0; lane < m.laneCount(); lane++) {
            segments += m.segmentCount(lane);
        }
        assertEquals(100_000 * 9, segments, "waiting, seven request phases and one backend operation per IO");
        int last = m.ioCount() - 1;
        assertEquals(TraceGenerator.EVENTS_PER_IO, m.chainOf(last).length);
        assertEquals(1_000_000 - 1, m.chainOf(last)[TraceGenerator.EVENTS_PER_IO - 1]);
        assertEquals(Phase.COMMIT, m.phaseOfEvent(m.chainOf(last)[8]));
        assertTrue(m.completeTime(last) > m.submitTime(last));
        assertEquals("passed", m.trace().end().verdict());
    }

    @Test
    void diffOfLargeTracesIsLinearEnough(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("a.jsonl");
        TraceGenerator.write(f, 100_000, 2, 16);
        TraceDiff d = TraceDiff.of(Viz.load(f), Viz.load(f));
        assertEquals(10_000, d.ios().size());
        assertEquals("no divergence", d.summary());
    }

    @Test
    void benchPrintsLoadAndFrameTimes() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Viz.bench(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertTrue(out.contains("load: 1000000 events"), out);
        assertTrue(out.contains("frame at zoom x100000"), out);
    }
}
