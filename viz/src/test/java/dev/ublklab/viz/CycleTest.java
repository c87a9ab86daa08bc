package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.sim.Scenario;
import org.junit.jupiter.api.Test;

/** A run that went round a cycle to its step bound is drawn with that cycle highlighted. */
class CycleTest {
    @Test
    void aLivelockIsDrawnWithItsCycle() {
        Scenario s = Traces.scenario("copy/zero-commit-livelock.json");
        // 200 steps are many turns of its cycle, and keep the test fast.
        TimelineModel m = Traces.simModel(new Scenario(s.name(), s.description(), s.file(), s.setup(), s.expect(), s.seed(),
                s.schedule(), 200));
        Cycle c = m.cycle();
        assertNotNull(c, "the run went round a cycle to its step bound");
        assertTrue(c.period() <= 16 && c.start() < 40, c.toString());
        SvgPainter svg = new SvgPainter(1000, Layout.preferredHeight(m));
        TimelineRenderer.paint(svg, m, Viz.initialState(m, 1000), 1000, Layout.preferredHeight(m));
        String text = svg.finish();
        assertTrue(text.contains("the same " + c.period() + " steps repeat"), "the banner names the cycle");
        assertTrue(text.contains("fill=\"#ffe0b2\""), "the cycle is highlighted");
    }

    @Test
    void aViolationHasNoCycle() {
        assertNull(Traces.simModel(Traces.FINDING).cycle());
    }
}
