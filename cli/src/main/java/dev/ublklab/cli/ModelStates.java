package dev.ublklab.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.World;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioException;
import dev.ublklab.sim.StateText;
import dev.ublklab.sim.TraceCodec;
import dev.ublklab.viz.StateAt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model state after each event of a simulator or checker trace, for the viewer's details pane:
 * the header's scenario file is read and the trace's events are replayed through the model.
 */
final class ModelStates {
    private static final int MAX_EVENTS = 200_000;

    private ModelStates() {}

    static StateAt of(Path trace) {
        try {
            List<ObjectNode> lines = TraceCodec.lines(Files.readString(trace));
            if (lines.isEmpty() || lines.size() > MAX_EVENTS || "real".equals(lines.get(0).path("src").asText())
                    || !lines.get(0).has("scenarioFile")) {
                return StateAt.NONE;
            }
            Scenario s = ScenarioCodec.read(Path.of(lines.get(0).get("scenarioFile").asText()));
            Model m = new Model(s.setup());
            TraceCodec codec = new TraceCodec(s.setup());
            List<World> states = new ArrayList<>();
            World w = m.initial();
            for (ObjectNode l : lines) {
                if (!l.has("event")) continue;
                Event e = codec.readEvent(l.get("event"));
                if (e == null || !(m.apply(w, e) instanceof Outcome.Next n)) {
                    break;   // the trace and the scenario disagree: show states up to here
                }
                w = n.world();
                states.add(w);
            }
            return i -> i >= 0 && i < states.size() ? StateText.describe(m, states.get(i)) : null;
        } catch (IOException | ScenarioException | RuntimeException e) {
            return StateAt.NONE;
        }
    }
}
