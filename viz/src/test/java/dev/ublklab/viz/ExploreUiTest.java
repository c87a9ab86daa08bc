package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.Simulator;
import dev.ublklab.sim.Step;
import java.nio.file.Path;
import java.util.List;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The model state per step as a tree with its changes, and exploring from a step (branch, save, replay). */
@ExtendWith(ApplicationExtension.class)
class ExploreUiTest {
    private Viewer viewer;
    private ModelReplay replay;
    private Scenario scenario;

    @Start
    void start(Stage stage) {
        scenario = Traces.scenario(Traces.FINDING);
        Run run = Simulator.of(scenario).run(Chooser.replay(scenario.schedule()), true);
        replay = new ModelReplay(scenario, run.steps().stream().map(Step::event).toList());
        viewer = new Viewer(Traces.simModel(scenario), null, replay);
        stage.setScene(viewer.scene());
        stage.show();
    }

    private static String row(String text, String start) {
        return text.lines().filter(l -> l.strip().replaceFirst("^\\* ", "").startsWith(start)).findFirst().orElseThrow();
    }

    @Test
    void theStateTreeMarksWhatTheStepChanged(FxRobot robot) throws Exception {
        robot.interact(() -> viewer.moveCursor(9));   // step 10: releasePages r1
        StateNode tree = viewer.statePane().tree().getRoot().getValue();
        String text = tree.text();
        assertTrue(row(text, "r1:").strip().startsWith("* "), "r1's state changed: " + text);
        assertTrue(row(text, "pages").strip().startsWith("* "), "its pages were released: " + text);
        assertTrue(!row(text, "backing store").strip().startsWith("* "), "the backing store did not change: " + text);
        assertTrue(!row(text, "queues").strip().startsWith("* "), "nor did the queue: " + text);
        assertTrue(viewer.statePane().tree().getRoot().getChildren().stream()
                .filter(i -> i.getValue().label().startsWith("pages")).findFirst().orElseThrow().isExpanded(), "changed rows open");
        Traces.shot(robot, viewer, 1, "viewer-state");
    }

    @Test
    void branchAtAStepSaveItAndReplayIt(FxRobot robot, @TempDir Path dir) throws Exception {
        robot.interact(() -> viewer.moveCursor(7));   // after step 8, the spliceRead
        List<String> enabled = viewer.statePane().enabledList().getItems();
        assertTrue(enabled.size() > 1, "more than one event can happen next: " + enabled);
        int original = replay.enabledAfter(7).indexOf(enabled.stream().filter(s -> s.contains("adversary") && s.contains("COMMIT_AND_FETCH_REQ tag0 result=-5")).findFirst().orElseThrow());
        int other = original == 0 ? 1 : 0;
        ModelReplay.Branch[] b = new ModelReplay.Branch[1];
        robot.interact(() -> b[0] = viewer.statePane().branch(other));
        assertNotNull(b[0]);
        assertEquals(8, b[0].at(), "the branch leaves the original at step 9");
        TimelineModel orig = viewer.timeline().model();
        for (int e = 0; e < 8; e++) {
            assertEquals(Details.oneLine(orig, e), Details.oneLine(b[0].model(), e), "same prefix");
        }
        assertNotEquals(Details.oneLine(orig, 8), Details.oneLine(b[0].model(), 8), "another step 9");
        Path out = dir.resolve("branch.json");
        robot.interact(() -> viewer.statePane().save(out));
        Scenario saved = ScenarioCodec.read(out);
        Run again = Simulator.of(saved).run(Chooser.replay(saved.schedule()), true);
        assertEquals(b[0].model().events().size(), again.steps().size(), "the saved schedule replays the branch");
    }
}
