package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.Simulator;
import dev.ublklab.sim.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that went round a cycle to its step bound is drawn with that cycle highlighted. */
class CycleTest {
    /** zero-commit-livelock, cut at 200 steps: many turns of its cycle, and a fast test. */
    private static Scenario livelock() {
        Scenario s = Traces.scenario("copy/zero-commit-livelock.json");
        return new Scenario(s.name(), s.description(), s.file(), s.setup(), s.expect(), s.seed(), s.schedule(), 200);
    }

    private static String svg(TimelineModel m) {
        SvgPainter svg = new SvgPainter(1000, Layout.preferredHeight(m));
        TimelineRenderer.paint(svg, m, Viz.initialState(m, 1000), 1000, Layout.preferredHeight(m));
        return svg.finish();
    }

    @Test
    void aLivelockIsDrawnWithItsCycle() {
        TimelineModel m = Traces.simModel(livelock());
        Cycle c = m.cycle();
        assertNotNull(c, "the run went round a cycle to its step bound");
        assertFalse(c.byState());
        assertTrue(c.period() <= 16 && c.start() < 40, c.toString());
        String text = svg(m);
        assertTrue(text.contains("the same " + c.period() + " events repeat"), "the banner names the cycle");
        assertTrue(text.contains("fill=\"#ffe0b2\""), "the cycle is highlighted");
    }

    /**
     * check says "after 7 steps, a cycle of 8 steps repeats forever" (CliTest): the events from step 2
     * already repeat with period 8 (an allocTag looks the same in every generation), but the state
     * after step 1 never comes back; the one after step 7 does. With the run's states the viewer
     * shows check's lasso.
     */
    @Test
    void byModelStatesTheCycleIsTheCheckersLasso() {
        Scenario s = livelock();
        Run run = Simulator.of(s).run(Chooser.random(s.seed()), true);
        TimelineModel m = Traces.simModel(s);
        m.cycleFrom(ModelReplay.of(s, run.steps().stream().map(Step::event).toList()));
        assertEquals(new Cycle(7, 8, true), m.cycle());
        String text = svg(m);
        assertTrue(text.contains("livelock: after 7 steps, a cycle of 8 steps (steps 8-15) repeats to the step bound"), text);
        assertTrue(text.contains("cycle of 8 steps from step 8"), "the band starts at the cycle's first step");
    }

    /** A trace file rendered: its scenario is found from the header and the states give the lasso. */
    @Test
    void aRenderedTraceShowsTheCheckersLasso(@TempDir Path tmp) throws IOException {
        Path trace = tmp.resolve("livelock.trace.jsonl");
        Files.writeString(trace, Traces.simTrace(livelock()), StandardCharsets.UTF_8);
        Path out = tmp.resolve("livelock.svg");
        Viz.render(trace, out);
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(text.contains("livelock: after 7 steps, a cycle of 8 steps"), "rendered with check's lasso");
    }

    @Test
    void aViolationHasNoCycle() {
        assertNull(Traces.simModel(Traces.FINDING).cycle());
    }
}
