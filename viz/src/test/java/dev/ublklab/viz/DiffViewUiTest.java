package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Two traces, A above B with one time axis, the first divergence outlined in both. */
@ExtendWith(ApplicationExtension.class)
class DiffViewUiTest {
    private Viewer viewer;

    @Start
    void start(Stage stage) {
        viewer = new Viewer(Traces.model("copy-basic.jsonl"), Traces.model("copy-basic-aborted.jsonl"),
                e -> "state after event " + e);
        stage.setScene(viewer.scene());
        stage.show();
    }

    @Test
    void showsFirstDivergenceAndKeepsViewsInStep(FxRobot robot) {
        Label diff = robot.lookup("#diff").queryAs(Label.class);
        assertTrue(diff.getText().contains("first divergence: #15 t=15 execute"), diff.getText());
        assertTrue(viewer.timeline().state().outlined().get(14));
        assertTrue(viewer.otherTimeline().state().outlined().get(14), "b's abort is event 14 too");
        robot.interact(() -> viewer.handleKey(KeyCode.W, "w"));
        assertEquals(viewer.timeline().state().viewport().t0(), viewer.otherTimeline().state().viewport().t0(), 1e-9);
        robot.interact(() -> viewer.select(viewer.timeline(), 3));
        assertEquals(1, viewer.otherTimeline().state().selectedIo(), "r1 selected in B too");
        robot.interact(() -> viewer.handleKey(KeyCode.O, "o"));
        assertTrue(viewer.diffSideBySide());
        assertTrue(robot.lookup("#diff").queryAs(Label.class).getText().startsWith("A (left) vs B (right)"));
        robot.interact(() -> viewer.handleKey(KeyCode.O, "o"));
        assertTrue(!viewer.diffSideBySide());
        assertTrue(viewer.details().endsWith("model state after this step:\nstate after event 3"), viewer.details());
    }

    /** B one event shorter: its side marks where it ends, not its own last event. */
    @Test
    void aShorterBSaysWhereItEnds(FxRobot robot) throws Exception {
        TimelineModel shorter = FilterAndDiffTest.withoutLastEvent();
        robot.interact(() -> {
            Viewer v = new Viewer(Traces.model("copy-basic.jsonl"), shorter);
            assertTrue(v.timeline().state().outlined().get(19), "A's last event has no partner");
            assertTrue(v.otherTimeline().state().outlined().isEmpty(), "no event of B is outlined");
            assertEquals("B ends here", v.otherTimeline().state().gap().label());
        });
    }
}
