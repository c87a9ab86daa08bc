package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Variant;
import dev.ublklab.sim.VariantReplay;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The finding's schedule on rfc-v1 above the same events replayed on rfc-fixed: one time axis
 * from the first frame (not only after a zoom), aligned on events, the first divergence marked.
 */
@ExtendWith(ApplicationExtension.class)
class VariantDiffUiTest {
    private Viewer viewer;
    private VariantReplay.Replayed replay;

    @Start
    void start(Stage stage) {
        var s = Traces.scenario(Traces.FINDING);
        replay = VariantReplay.of(s, null, Variant.parse("rfc-fixed"));
        viewer = new Viewer(Traces.simModel(s), Traces.simModel(replay.scenario()));
        stage.setScene(viewer.scene());
        stage.show();
    }

    @Test
    void theSameScheduleOnTwoVariantsIsAlignedFromTheStart(FxRobot robot) {
        assertEquals(10, replay.divergedAt(), "rfc-fixed does not let the early commit release r1's pages (step 10)");
        Viewport a = viewer.timeline().state().viewport(), b = viewer.otherTimeline().state().viewport();
        assertEquals(a.t0(), b.t0(), 1e-9, "one axis at start");
        assertEquals(a.t1(), b.t1(), 1e-9);
        Layout la = viewer.timeline().timelineLayout(), lb = viewer.otherTimeline().timelineLayout();
        for (int step = 1; step <= 9; step++) {
            assertEquals(a.withWidth(la.plotWidth()).x(step), b.withWidth(lb.plotWidth()).x(step), 1e-6,
                    "step " + step + " at the same x in both");
        }
        String diff = robot.lookup("#diff").queryAs(Label.class).getText();
        assertTrue(diff.contains("first divergence: #10 t=10 releasePages r1"), diff);
        assertTrue(viewer.timeline().state().outlined().get(9), "A's step 10 is marked");
    }

    @Test
    void aRealTraceAgainstASimulatedOneIsAlignedByEvent() {
        TraceData real = TraceLoad.read(Traces.path("real-basic.jsonl"));
        TraceData byEvent = real.byEvent();
        assertTrue(byEvent.header().stepTime(), "laid out by event, not in ns");
        assertEquals(1, byEvent.events().time(0));
        assertEquals(real.events().size(), byEvent.events().time(real.events().size() - 1));
    }
}
