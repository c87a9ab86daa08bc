package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterAndDiffTest {
    private final TimelineModel copy = Traces.model("copy-basic.jsonl");

    private BitSet match(TimelineModel m, String text) {
        return Filter.parse(text).matches(m);
    }

    @Test
    void parsesTerms() {
        Filter f = Filter.parse(" io=w1  tag=3 q=0 op=WRITE phase=splice invariant ");
        assertEquals(List.of(new Filter.Term("io", "w1"), new Filter.Term("tag", "3"), new Filter.Term("q", "0"),
                new Filter.Term("op", "WRITE"), new Filter.Term("phase", "splice"), new Filter.Term("invariant", "")),
                f.terms());
        assertTrue(Filter.parse("   ").isEmpty());
    }

    @Test
    void rejectsBadTerms() {
        assertTrue(assertThrows(VizException.class, () -> Filter.parse("colour=red")).getMessage()
                .startsWith("unknown filter key 'colour'"));
        assertTrue(assertThrows(VizException.class, () -> Filter.parse("tag=x")).getMessage().contains("number"));
        assertTrue(assertThrows(VizException.class, () -> Filter.parse("phase=nap")).getMessage().contains("nap"));
        assertTrue(assertThrows(VizException.class, () -> Filter.parse("io")).getMessage().contains("key=value"));
        assertTrue(assertThrows(VizException.class, () -> Filter.parse("type=teleport")).getMessage().contains("teleport"));
    }

    @Test
    void matchesEvents() {
        assertEquals(10, match(copy, "io=w1").cardinality(), "w1's chain, execute and cqe included");
        BitSet tag1 = match(copy, "tag=1");
        assertTrue(tag1.get(3) && !tag1.get(2), "allocTag r1 on tag 1, not w1's");
        assertEquals(match(copy, "io=r1"), Filter.parse("op=READ").matches(copy), "op=READ is r1's events");
        assertEquals(2, match(copy, "phase=commit").cardinality());
        assertEquals(2, match(copy, "phase=completed").cardinality());
        assertEquals(1, match(copy, "io=w1 type=fetch").cardinality());
        assertEquals(0, match(copy, "invariant").cardinality(), "a passing trace names nothing");
        TimelineModel v = Traces.model("splice-violated.jsonl");
        assertEquals(2, match(v, "phase=splice").cardinality());
        assertTrue(match(v, "invariant").get(9));
        assertEquals(BitSet.valueOf(new long[] {0b11}), Filter.ios(copy, match(copy, "q=0")));
    }

    @Test
    void diffAlignsByIoAndMarksFirstDivergence() {
        TimelineModel b = Traces.model("copy-basic-aborted.jsonl");
        TraceDiff d = TraceDiff.of(copy, b);
        assertEquals(2, d.ios().size());
        assertTrue(d.ios().get(0).matches(), "w1 has the same history");
        assertFalse(d.ios().get(1).matches(), "r1 was aborted in b");
        assertEquals(14, d.firstA(), "a's execute of r1 (seq 15) has no partner");
        assertEquals(EventType.ABORT, b.events().type(d.firstB()));
        assertTrue(d.summary().startsWith("first divergence: #15 t=15 execute"), d.summary());
    }

    /** copy-basic without its last event (releasePages r1): B is one event shorter. */
    static TimelineModel withoutLastEvent() throws java.io.IOException {
        List<String> lines = new java.util.ArrayList<>(java.nio.file.Files.readAllLines(Traces.path("copy-basic.jsonl")));
        lines.remove(lines.size() - 2);   // the last event, before the end line
        return TimelineModel.of(TraceLoad.read("short", new java.io.BufferedReader(new java.io.StringReader(String.join("\n", lines)))));
    }

    @Test
    void aShorterSideIsMarkedWhereItsMissingEventWouldBeNotAtItsLastEvent() throws java.io.IOException {
        TimelineModel b = withoutLastEvent();
        assertEquals(19, b.events().size());
        TraceDiff d = TraceDiff.of(copy, b);
        assertEquals(19, d.firstA(), "A's releasePages r1 has no partner");
        assertEquals(-1, d.firstB(), "no event of B diverges: B's own events all have partners");
        assertEquals(19, d.gapB().before(), "B lacks it after its last event");
        assertEquals("B ends here", d.gapB().label());
        assertEquals(b.end(), d.gapB().time(), 1e-9);
        assertTrue(d.summary().endsWith("(B ends here)"), d.summary());
        SvgPainter svg = new SvgPainter(1000, Layout.preferredHeight(b));
        TimelineRenderer.paint(svg, b, Viz.initialState(b, 1000).withOutlined(new BitSet()).withGap(d.gapB()), 1000,
                Layout.preferredHeight(b));
        assertTrue(svg.finish().contains("B ends here"), "the B side says where it ends");
        TraceDiff back = TraceDiff.of(b, copy);
        assertEquals(-1, back.firstA());
        assertEquals("A ends here", back.gapA().label());
    }

    @Test
    void diffOfATraceWithItselfHasNoDivergence() {
        TraceDiff d = TraceDiff.of(copy, Traces.model("copy-basic.jsonl"));
        assertEquals(-1, d.firstA());
        assertEquals("no divergence", d.summary());
    }
}
