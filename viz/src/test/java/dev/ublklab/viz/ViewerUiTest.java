package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The JavaFX viewer under TestFX. Runs headless in plain `mvn test`: viz/pom.xml sets Monocle's
 * headless glass platform and software Prism (see the pom for why Monocle over JavaFX 26).
 */
@ExtendWith(ApplicationExtension.class)
class ViewerUiTest {
    private Viewer viewer;

    @Start
    void start(Stage stage) {
        viewer = new Viewer(Traces.model("splice-violated.jsonl"), null);
        stage.setScene(viewer.scene());
        stage.show();
    }

    @Test
    void counterexampleModeStartsAtTheViolationAndSteps(FxRobot robot) {
        assertEquals(9, viewer.cursor(), "cursor on the violating step");
        Label inv = robot.lookup("#invariant").queryAs(Label.class);
        assertTrue(inv.getText().startsWith("violated: no-page-after-release at step 10"), inv.getText());
        assertEquals(1, inv.getText().split("at step", -1).length - 1, "the step is said once: " + inv.getText());
        robot.clickOn("#details");
        robot.type(KeyCode.P);
        assertEquals(8, viewer.cursor());
        assertTrue(viewer.details().contains("type: releasePages"), viewer.details());
        robot.type(KeyCode.HOME);
        assertEquals(0, viewer.cursor());
        robot.type(KeyCode.N);
        assertEquals(1, viewer.cursor());
        robot.type(KeyCode.PERIOD);
        assertEquals(2, viewer.cursor(), "next event of w1 after its allocTag");
        robot.type(KeyCode.COMMA);
        assertEquals(1, viewer.cursor());
        robot.type(KeyCode.V);
        assertEquals(9, viewer.cursor());
        assertEquals(9, viewer.timeline().state().cursorEvent());
    }

    @Test
    void clickingAnEventSelectsItsIo(FxRobot robot) {
        // The window's first layout passes may still be queued on a loaded machine: the click's
        // coordinates are read from the layout, so let it settle first (CI saw the click miss).
        // Under load a full build saw the window still being laid out after three passes, so wait
        // until the click's screen point is the same over two passes (at most 5 s) before clicking.
        TimelineView tl = viewer.timeline();
        Point2D at = fetchOfW1(robot, tl);
        for (int i = 0; i < 50; i++) {
            WaitForAsyncUtils.waitForFxEvents(2);
            Point2D again = fetchOfW1(robot, tl);
            if (again.equals(at)) {
                break;
            }
            at = again;
        }
        robot.clickOn(at);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(4, viewer.cursor(), "clicked at " + at + " (now " + fetchOfW1(robot, tl) + "): " + viewer.details());
        assertEquals(0, tl.state().selectedIo(), "w1 selected");
        assertTrue(viewer.details().contains("type: fetch"), viewer.details());
        robot.type(KeyCode.ESCAPE);
        assertEquals(-1, tl.state().selectedIo());
    }

    /** The screen point of w1's fetch (step 5) on tag 0's lane, from the current layout. */
    private static Point2D fetchOfW1(FxRobot robot, TimelineView tl) {
        TimelineModel m = tl.model();
        Layout l = tl.timelineLayout();
        double x = l.plotX() + tl.state().viewport().withWidth(l.plotWidth()).x(5) + 0.5;
        double y = l.laneY(m.tagLane(0, 0)) + Layout.LANE / 2.0;
        return robot.point("#timeline").atPosition(Pos.TOP_LEFT).atOffset(new Point2D(x, y)).query();
    }

    @Test
    void filterBarFiltersAndReportsBadTerms(FxRobot robot) {
        robot.clickOn("#filter").write("phase=splice").type(KeyCode.ENTER);
        assertEquals("filter phase=splice: 2 events, 1 IOs", viewer.status(), "the consume names w1; the read names none");
        assertEquals(1, viewer.timeline().timelineLayout().rows().length, "only io-wq 0 stays: splice rounds name no IO");
        robot.interact(() -> viewer.applyFilter("colour=red"));
        assertTrue(viewer.status().startsWith("unknown filter key 'colour'"), viewer.status());
    }

    @Test
    void zoomPanAndCanvasPixels(FxRobot robot) {
        TimelineView tl = viewer.timeline();
        double span = tl.state().viewport().span();
        robot.interact(() -> viewer.handleKey(KeyCode.W, "w"));
        assertEquals(span / 1.5, tl.state().viewport().span(), 1e-6);
        robot.interact(() -> viewer.handleKey(KeyCode.DIGIT0, "0"));
        double t0 = tl.state().viewport().t0();
        robot.interact(() -> viewer.handleKey(KeyCode.D, "d"));
        assertTrue(tl.state().viewport().t0() > t0);
        robot.interact(() -> viewer.handleKey(KeyCode.DIGIT0, "0"));
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = tl.canvas().snapshot(null, null));
        Layout l = tl.timelineLayout();
        int x = (int) (l.plotX() + tl.state().viewport().withWidth(l.plotWidth()).x(6.5)); // w1 transfer [6,8)
        int y = l.laneY(tl.model().tagLane(0, 0)) + 3; // above the bar's label
        int argb = img[0].getPixelReader().getArgb(x, y);
        // The cursor starts on the violating spliceConsume, which names no IO: nothing is dimmed.
        assertEquals(Phase.TRANSFER.rgb(), argb & 0xFFFFFF, Integer.toHexString(argb));
        assertTrue(tl.frames() > 0);
    }

    @Test
    void wheelZoomsAndDragPans(FxRobot robot) {
        TimelineView tl = viewer.timeline();
        double span = tl.state().viewport().span();
        Point2D middle = robot.point("#timeline").atPosition(Pos.TOP_LEFT).atOffset(new Point2D(500, 60)).query();
        // Which wheel direction TestFX's robot calls UP differs between robots: assert that the
        // wheel zooms and that the opposite direction undoes it.
        robot.moveTo(middle).scroll(2, javafx.geometry.VerticalDirection.UP);
        assertTrue(Math.abs(tl.state().viewport().span() - span) > 1, "the wheel zooms");
        robot.scroll(2, javafx.geometry.VerticalDirection.DOWN);
        assertEquals(span, tl.state().viewport().span(), 1e-6);
        robot.interact(() -> viewer.handleKey(KeyCode.W, "w"));
        double zoomed = tl.state().viewport().span();
        double t0 = tl.state().viewport().t0();
        robot.drag(middle).moveBy(-120, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        assertTrue(tl.state().viewport().t0() > t0, "dragging left shows later times");
        assertEquals(zoomed, tl.state().viewport().span(), 1e-9, "a drag does not zoom");
        robot.interact(() -> {
            for (int i = 0; i < 10; i++) {
                viewer.handleKey(KeyCode.PAGE_DOWN, "");
            }
        });
        assertEquals(3, tl.state().firstRow(), "scrolling stops at the last lane");
        robot.interact(() -> viewer.handleKey(KeyCode.PAGE_UP, ""));
        assertEquals(2, tl.state().firstRow());
        assertEquals(m(tl).laneCount() - 2, tl.timelineLayout().rows().length - tl.state().firstRow());
    }

    private static TimelineModel m(TimelineView tl) {
        return tl.model();
    }

    @Test
    void windowSnapshotForTheEye(FxRobot robot) throws Exception {
        robot.interact(() -> viewer.select(viewer.timeline(), 5));
        Traces.shot(robot, viewer, 0, "viewer-window");
        assertTrue(viewer.details().contains("sqe: BACKEND_WRITE"), viewer.details());
    }
}
