package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Config;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Simulator;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Real traces get a State and an Explore tab: the model state reconstructed by the conformance
 * search over the trace's observations (a 6.12 guest recording of copy/commit-error), Explore from
 * any step the model explains, and a line naming the first unexplained observation where it stops.
 */
@ExtendWith(ApplicationExtension.class)
class RealStateUiTest {
    /** As the command line judges a recording (GuestKernel.judgeSetup): kernel 6.12, tag policy any. */
    static final ModelReplay.Judge ON_6_12 = (s, h, trace) -> {
        Config c = s.setup().config();
        Config j = new Config(c.queues(), c.depth(), c.variant(), c.pipeSlots(), c.workers(), c.pageSize(), c.sectorSize(),
                c.maxIoBytes(), TagPolicy.ANY, c.recovery(), c.sectors(), KernelVersion.parse("6.12"));
        return new ModelReplay.Judged(s.setup().withConfig(j), "judged against the model's kernel 6.12 (test)");
    };
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private static Viewer open(FxRobot robot, Stage stage, String trace, ModelReplay.Judge judge, StateAt[] out) {
        Path p = Traces.path(trace);
        ModelReplay.Events events = new ModelReplay.Events();
        TraceData t = TraceLoad.read(p, events::header, events::entry);
        StateAt states = events.replay(p, t.events().ioIds(), judge);
        out[0] = states;
        Viewer[] v = new Viewer[1];
        robot.interact(() -> {
            v[0] = new Viewer(TimelineModel.of(t), null, states);
            stage.setScene(v[0].scene());
            stage.show();
        });
        return v[0];
    }

    @Test
    void aConformingRealTraceHasAStatePerStepAndExplore(FxRobot robot) throws Exception {
        StateAt[] s = new StateAt[1];
        Viewer v = open(robot, stage, "real-commit-error.jsonl", ON_6_12, s);
        ModelReplay r = (ModelReplay) s[0];
        assertNull(r.unexplained(), "the 6.12 recording conforms");
        assertEquals(9, r.replayed(), "every one of its 9 events has a state");
        assertTrue(v.statePane().stateNote().startsWith("click an event"), v.statePane().stateNote());
        robot.interact(() -> v.moveCursor(1));   // fetch q0 tag0 r1
        StateNode tree = v.statePane().tree().getRoot().getValue();
        assertTrue(tree.text().contains("r1"), tree.text());
        assertTrue(tree.text().lines().anyMatch(l -> l.strip().startsWith("* ")), "the fetch changed something: " + tree.text());
        assertEquals("", v.statePane().stateNote());
        assertFalse(v.statePane().enabledList().getItems().isEmpty(), "Explore lists the enabled events after the fetch");
        Traces.shot(robot, v, 1, "real-state");
        Traces.shot(robot, v, 2, "real-explore");
        robot.interact(() -> v.moveCursor(6));   // issue BACKEND_WRITE: a record, not an observation
        assertTrue(v.statePane().stateNote().contains("record, not an observation"), v.statePane().stateNote());
        assertEquals(r.after(5), r.after(6), "a record keeps the state of the observation before it");
        robot.interact(() -> v.moveCursor(8));   // complete w1: the last event
        assertTrue(r.after(8).contains("w1"), r.after(8));
        robot.interact(() -> v.moveCursor(1));
        ModelReplay.Branch[] b = new ModelReplay.Branch[1];
        robot.interact(() -> b[0] = v.statePane().branch(0));
        assertNotNull(b[0], v.statePane().exploreNote());
        Run again = Simulator.of(b[0].scenario()).run(Chooser.replay(b[0].scenario().schedule()), true);
        assertEquals(b[0].model().events().size(), again.steps().size(), "the branch replays from its schedule");
        assertTrue(b[0].at() > 0, "the branch starts after the model steps that explain the fetch");
    }

    @Test
    void whereTheModelCannotExplainTheTraceTheTabsSaySo(FxRobot robot) throws Exception {
        StateAt[] s = new StateAt[1];
        Viewer v = open(robot, stage, "real-commit-error-unexplained.jsonl", ON_6_12, s);
        ModelReplay r = (ModelReplay) s[0];
        assertEquals(3, r.replayed(), "the states go as far as the model explains: submit, fetch, commit");
        assertTrue(r.unexplained().contains("observation 4: complete r1 result=-7") && r.unexplained().contains("trace step 4"),
                r.unexplained());
        robot.interact(() -> v.moveCursor(2));
        assertNotNull(v.statePane().tree().getRoot(), "the commit is explained");
        assertFalse(v.statePane().enabledList().getItems().isEmpty(), "and can be explored from");
        robot.interact(() -> v.moveCursor(3));
        assertNull(v.statePane().tree().getRoot());
        assertTrue(v.statePane().stateNote().contains("complete r1 result=-7"), v.statePane().stateNote());
        assertTrue(v.statePane().exploreNote().contains("complete r1 result=-7"), v.statePane().exploreNote());
        Traces.shot(robot, v, 1, "real-state-unexplained");
        assertNull(v.statePane().branch(0), "no branch where the model explains nothing");
    }

    @Test
    void aRealTraceWithoutAScenarioSaysWhy(FxRobot robot) {
        StateAt[] s = new StateAt[1];
        Viewer v = open(robot, stage, "real-basic.jsonl", ON_6_12, s);
        robot.interact(() -> v.moveCursor(1));
        assertTrue(v.statePane().stateNote().contains("names no scenario file"), v.statePane().stateNote());
        assertTrue(v.statePane().exploreNote().contains("names no scenario file"), v.statePane().exploreNote());
        assertTrue(v.statePane().enabledList().getItems().isEmpty());
    }
}
