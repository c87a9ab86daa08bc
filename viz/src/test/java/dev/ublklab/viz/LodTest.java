package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LodTest {

    @Test
    void wideSegmentsBecomeOneRunEach() {
        TimelineModel m = Traces.model("copy-basic.jsonl");
        Viewport vp = new Viewport(0, 20, 200);
        Lod.Runs runs = Lod.runs(m, m.tagLane(0, 0), vp);
        assertEquals(7, runs.count(), "seven phases of w1, each 10 px or more");
        assertEquals(30, runs.x0()[0], "tag phase starts at step 3");
        assertEquals(50, runs.x1()[0]);
        assertEquals(Phase.TAG, runs.phaseAt(0));
        assertEquals(0, runs.io()[0]);
    }

    @Test
    void pickFindsNearestEventOrTheSegmentUnderTheCursor() {
        TimelineModel m = Traces.model("copy-basic.jsonl");
        Viewport vp = new Viewport(0, 20, 200);
        assertEquals(7, Lod.pick(m, m.tagLane(0, 0), vp, 81, 4), "fetch of w1 at step 8");
        assertEquals(9, Lod.pick(m, m.tagLane(0, 0), vp, 120, 4), "inside transfer: the issue that started it");
        assertEquals(-1, Lod.pick(m, m.tagLane(0, 0), vp, 195, 4));
    }

    @Test
    void neverMoreThanOnePrimitivePerColumnPerLane(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("big.jsonl");
        TraceGenerator.write(f, 200_000, 2, 8);
        TimelineModel m = Viz.load(f);
        for (Viewport vp : new Viewport[] {Viewport.fit(m, 300), Viewport.fit(m, 300).zoom(37, 150),
                Viewport.fit(m, 300).zoom(5000, 10)}) {
            for (int lane = 0; lane < m.laneCount(); lane++) {
                Lod.Runs runs = Lod.runs(m, lane, vp);
                Lod.Marks marks = Lod.marks(m, lane, vp);
                assertTrue(runs.count() <= 300, "runs " + runs.count());
                assertTrue(marks.count() <= 300, "marks " + marks.count());
                for (int r = 0; r < runs.count(); r++) {
                    assertTrue(runs.x0()[r] >= 0 && runs.x1()[r] <= 300 && runs.x0()[r] < runs.x1()[r]);
                    assertTrue(r == 0 || runs.x0()[r] >= runs.x1()[r - 1], "runs do not overlap");
                }
            }
        }
        Lod.Runs all = Lod.runs(m, m.tagLane(0, 0), Viewport.fit(m, 300));
        assertTrue(all.count() > 0 && all.dense()[0], "zoomed out, a tag lane is a dense strip");
    }
}
