package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure layout, without JavaFX. */
class TimelineModelTest {

    private static List<String> segments(TimelineModel m, int lane) {
        List<String> out = new ArrayList<>();
        for (int s = 0; s < m.segmentCount(lane); s++) {
            TimelineModel.Segment sg = m.segment(lane, s);
            out.add(sg.phase().label() + "[" + sg.start() + "," + sg.end() + ")" + m.events().ioId(sg.io()));
        }
        return out;
    }

    @Test
    void lanesGroupedByQueueThenTag() {
        TimelineModel m = Traces.model("copy-basic.jsonl");
        assertEquals(List.of("q0", "q0 tag 0", "q0 tag 1", "backing"), m.lanes().stream().map(Lane::label).toList());
        assertEquals("step", m.timeUnit());
        assertEquals(1, m.start());
        assertEquals(21, m.end());
    }

    @Test
    void requestOccupancyIsCutIntoPhases() {
        TimelineModel m = Traces.model("copy-basic.jsonl");
        assertEquals(List.of("tag[3,5)w1", "dispatched[5,6)w1", "delivered[6,8)w1", "fetched[8,10)w1",
                "transfer[10,14)w1", "served[14,16)w1", "commit[16,17)w1"), segments(m, m.tagLane(0, 0)));
        assertEquals(List.of("waiting[1,3)w1", "waiting[2,4)r1"), segments(m, m.queueLane(0)));
        assertEquals("commit[18,19)r1", segments(m, m.tagLane(0, 1)).getLast());
    }

    @Test
    void executeAndCqeAreLinkedToTheTagOwner() {
        TimelineModel m = Traces.model("copy-basic.jsonl");
        int execute = 11;
        assertEquals(EventType.EXECUTE, m.events().type(execute));
        assertEquals(0, m.ioOfEvent(execute), "execute on tag 0 belongs to w1");
        assertEquals(m.laneCount() - 1, m.laneOfEvent(execute), "on the backing lane");
        int[] chain = m.chainOf(0);
        assertArrayEquals(new int[] {0, 2, 4, 5, 7, 9, 11, 13, 15, 18}, chain);
    }

    @Test
    void phaseDurationsPerIo() {
        TimelineModel m = Traces.model("copy-basic.jsonl");
        long[] d = m.phaseDurations(0);
        assertEquals(2, d[Phase.WAITING.ordinal()]);
        assertEquals(4, d[Phase.TRANSFER.ordinal()]);
        assertEquals(1, d[Phase.COMMIT.ordinal()]);
        assertEquals(1, m.submitTime(0));
        assertEquals(16, m.completeTime(0));
        assertEquals("4096", m.ioResult(0));
    }

    @Test
    void realTraceStartsOccupancyAtFirstTagEventAndEndsAtComplete() {
        TimelineModel m = Traces.model("real-basic.jsonl");
        assertEquals("ns", m.timeUnit());
        assertEquals(List.of("fetched[1012000,1015000)w1", "transfer[1015000,1040000)w1",
                "served[1040000,1043000)w1", "commit[1043000,1050000)w1"), segments(m, m.tagLane(0, 0)));
        assertEquals(List.of("waiting[1000000,1012000)w1"), segments(m, m.queueLane(0)));
    }

    @Test
    void workersAndCounterexample() {
        TimelineModel m = Traces.model("splice-violated.jsonl");
        assertEquals(List.of("q0", "q0 tag 0", "io-wq 0", "backing"), m.lanes().stream().map(Lane::label).toList());
        assertEquals(2, m.laneOfEvent(6), "spliceRead on the worker lane");
        Counterexample cx = m.counterexample();
        assertNotNull(cx);
        assertEquals("no-page-after-release", cx.invariant());
        assertEquals(9, cx.violatingEvent(), "step 10 is event index 9");
        assertTrue(cx.namedEvents().get(9), "the flaw event is named");
        assertTrue(cx.namedEvents().get(8), "w1's releasePages is named by the explanation");
        assertEquals(0, m.ioOfEvent(10), "the trace says the late backend write on w1's tag acts on w1");
        assertTrue(m.ioActedOn(10) && !m.ioActedOn(8), "execute has no io of its own, releasePages has");
        assertEquals(-1, m.ioOfEvent(6), "a line that names no IO acts on none: nothing is guessed");
        assertEquals(List.of("tag[2,3)w1", "dispatched[3,4)w1", "delivered[4,5)w1", "fetched[5,6)w1", "transfer[6,8)w1",
                "commit[8,9)w1"), segments(m, m.tagLane(0, 0)), "w1's consumer and late write after it completed open no phase");
        assertNull(Traces.model("copy-basic.jsonl").counterexample());
    }

    @Test
    void detailsShowEveryField() {
        TimelineModel m = Traces.model("copy-basic.jsonl");
        String d = Details.describe(m, 15);
        assertTrue(d.contains("sqe: COMMIT_AND_FETCH_REQ"), d);
        assertTrue(d.contains("completed: w1"), d);
        assertTrue(d.contains("ioResult: 4096"), d);
        assertTrue(d.contains("starts phase: commit"), d);
        assertEquals("#16 t=16 issue q0 tag0 w1 COMMIT_AND_FETCH_REQ", Details.oneLine(m, 15));
    }

    @Test
    void viewportZoomKeepsAnchor() {
        Viewport v = new Viewport(0, 100, 1000);
        Viewport z = v.zoom(4, 250);
        assertEquals(v.t(250), z.t(250), 1e-9);
        assertEquals(25, z.span(), 1e-9);
        assertEquals(10, v.pan(100).t0(), 1e-9);
    }

    @Test
    void timeAxisSteps() {
        assertEquals(5, TimelineRenderer.niceStep(3.2, true));
        assertEquals(1, TimelineRenderer.niceStep(0.01, true));
        assertEquals(2e-3, TimelineRenderer.niceStep(1.5e-3, false), 1e-12);
        assertEquals("+1.50ms", TimelineRenderer.duration(1.5e6));
    }
}
