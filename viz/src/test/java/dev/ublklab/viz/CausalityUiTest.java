package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The README's finding (rfc-v1: an early commit while a splice is mid-flight writes a released
 * page), as a new user opens it: the story of r1 must include the spliceRead (step 8), the
 * adversary's commit that completed r1 (step 9) and the violating spliceConsume (step 11).
 */
@ExtendWith(ApplicationExtension.class)
class CausalityUiTest {
    private Viewer viewer;
    private TimelineModel m;

    @Start
    void start(Stage stage) {
        m = Traces.simModel(Traces.FINDING);
        viewer = new Viewer(m, null);
        stage.setScene(viewer.scene());
        stage.show();
    }

    private Set<Long> steps(List<int[]> arrows) {
        Set<Long> out = new TreeSet<>();
        for (int[] a : arrows) {
            out.add(m.events().time(a[0]));
            out.add(m.events().time(a[1]));
        }
        return out;
    }

    @Test
    void keysTypedAtStartGoToTheTimelineNotTheFilter(FxRobot robot) {
        assertTrue(viewer.timeline().isFocused(), "the timeline has focus at start");
        assertEquals(10, viewer.cursor(), "the cursor starts on the violating step (step 11)");
        robot.type(KeyCode.P, KeyCode.P);
        assertEquals("", robot.lookup("#filter").queryAs(TextField.class).getText());
        assertEquals(8, viewer.cursor());
        robot.type(KeyCode.UP);
        assertEquals(7, viewer.cursor(), "Up steps back in the step list");
        robot.type(KeyCode.DOWN, KeyCode.DOWN);
        assertEquals(9, viewer.cursor());
        robot.interact(() -> viewer.handleKey(KeyCode.SLASH, "?"));
        assertTrue(viewer.details().startsWith("Controls") && viewer.details().contains("next / previous step"),
                viewer.details());
    }

    @Test
    void theStoryOfR1IncludesTheSpliceTheEarlyCommitAndTheViolation(FxRobot robot) {
        int r1 = m.events().ioIds().indexOf("r1");
        robot.interact(() -> viewer.select(viewer.timeline(), 5));   // r1's issue SPLICE, step 6
        assertEquals(r1, viewer.timeline().state().selectedIo());
        Set<Long> arrowed = steps(TimelineRenderer.arrows(m, r1));
        assertTrue(arrowed.containsAll(List.of(8L, 9L, 11L)), "arrows include steps 8, 9 and 11: " + arrowed);
        List<Long> visited = new ArrayList<>();
        robot.interact(() -> {
            viewer.moveCursor(6);   // workerStart, step 7
            for (int i = 0; i < 4; i++) {
                viewer.followChain(1);
                visited.add(m.events().time(viewer.cursor()));
            }
        });
        assertEquals(List.of(8L, 9L, 10L, 11L), visited, "'.' follows the same story");
        for (int e : new int[] {7, 8, 10}) {
            assertTrue(m.events().io(e) == r1 && m.ioOfEvent(e) == r1 && m.ioActedOn(e),
                    "step " + (e + 1) + " names r1 in the trace itself (Model.actsOn): " + m.ioOfEvent(e));
        }
        Counterexample cx = m.counterexample();
        assertEquals(10, cx.violatingEvent());
        for (int e : new int[] {7, 8, 9, 10}) {
            assertTrue(cx.namedEvents().get(e), "step " + (e + 1) + " is marked as named by the invariant");
        }
    }

    @Test
    void searchHoverAndRangeTotals(FxRobot robot) {
        robot.interact(() -> viewer.search("splice", 1));
        assertEquals(5, viewer.cursor(), "the first match: issue SPLICE");
        assertTrue(viewer.status().contains("4 events match"), viewer.status());
        robot.interact(() -> viewer.search("splice", 1));
        assertEquals(6, viewer.cursor(), "Enter again: the next match");
        TimelineView tl = viewer.timeline();
        Layout l = tl.timelineLayout();
        double x = l.plotX() + tl.state().viewport().withWidth(l.plotWidth()).x(7.5);
        String hover = tl.hoverText(x, l.laneY(m.tagLane(0, 0)) + Layout.LANE / 2.0);
        assertTrue(hover.startsWith("r1 transfer SPLICE [6, 10)"), hover);
        robot.interact(() -> viewer.rangeSelected(6, 10));
        assertTrue(viewer.status().startsWith("range [6, 10) step: transfer 4"), viewer.status());
    }

    @Test
    void theViolationMarkStaysWhereTheCursorLeaves(FxRobot robot) {
        robot.interact(() -> viewer.moveCursor(2));
        TimelineView tl = viewer.timeline();
        WritableImage[] img = new WritableImage[1];
        robot.interact(() -> img[0] = tl.canvas().snapshot(null, null));
        Layout l = tl.timelineLayout();
        Viewport vp = tl.state().viewport().withWidth(l.plotWidth());
        int xv = (int) (l.plotX() + vp.x(11) + 0.5), xc = (int) (l.plotX() + vp.x(3) + 0.5);
        int red = 0, blue = 0;
        for (int y = l.lanesTop(); y < l.lanesTop() + 40; y++) {
            int v = img[0].getPixelReader().getArgb(xv, y) & 0xFFFFFF, c = img[0].getPixelReader().getArgb(xc, y) & 0xFFFFFF;
            red += v == TimelineRenderer.VIOLATION ? 1 : 0;
            blue += c == TimelineRenderer.CURSOR ? 1 : 0;
        }
        assertTrue(red > 5, "the violating step is marked in red: " + red);
        assertTrue(blue > 5, "the cursor is blue, elsewhere: " + blue);
        assertFalse(TimelineRenderer.CURSOR == TimelineRenderer.VIOLATION);
    }
}
