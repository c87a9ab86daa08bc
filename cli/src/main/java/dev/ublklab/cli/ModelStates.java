package dev.ublklab.cli;

import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.model.Outcome;
import dev.ublklab.model.World;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioException;
import dev.ublklab.sim.StateText;
import dev.ublklab.trace.Entry;
import dev.ublklab.trace.Header;
import dev.ublklab.trace.Src;
import dev.ublklab.viz.StateAt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model state after each event of a simulator or checker trace, for the viewer's details
 * pane: the events replayed through the model. A run held in memory is replayed as it is
 * ({@link #of(Model, List)}); a trace file is read once ({@link #collector}) and its scenario found
 * again from the header's {@code scenarioFile}, which is relative to the project directory when
 * the scenario is inside it, so a trace opened from any directory keeps its state pane.
 */
final class ModelStates {
    private static final int MAX_EVENTS = 200_000;

    private ModelStates() {}

    /** The states of a run of {@code m} given by its events. */
    static StateAt of(Model m, List<Event> events) {
        List<World> states = new ArrayList<>();
        World w = m.initial();
        for (Event e : events) {
            if (states.size() >= MAX_EVENTS || !(m.apply(w, e) instanceof Outcome.Next n)) {
                break;   // the trace and the scenario disagree: show states up to here
            }
            w = n.world();
            states.add(w);
        }
        return i -> i >= 0 && i < states.size() ? StateText.describe(m, states.get(i)) : null;
    }

    /** Collects a trace's model events while the viewer reads it; {@link #states()} afterwards. */
    static final class Collector {
        private Header header;
        private final List<Event> events = new ArrayList<>();
        private boolean usable = true;

        void header(Header h) {
            header = h;
            usable = h.src() != Src.REAL && h.scenarioFile() != null;
        }

        void entry(Entry e) {
            if (!usable) {
                return;
            }
            Event m = e.event().toModel();
            if (m == null || events.size() >= MAX_EVENTS) {
                usable = events.size() < MAX_EVENTS && m != null;
                return;
            }
            events.add(m);
        }

        StateAt states() {
            if (header == null || header.src() == Src.REAL || header.scenarioFile() == null) {
                return StateAt.NONE;
            }
            Path file = find(header.scenarioFile());
            if (file == null) {
                return StateAt.NONE;
            }
            try {
                Scenario s = ScenarioCodec.read(file);
                return of(new Model(s.setup()), events);
            } catch (ScenarioException | RuntimeException e) {
                return StateAt.NONE;
            }
        }
    }

    static Collector collector() {
        return new Collector();
    }

    /** The scenario a header names: absolute as it is, else under the project directory, else under the current one. */
    static Path find(String scenarioFile) {
        Path p = Path.of(scenarioFile);
        if (p.isAbsolute()) {
            return Files.isRegularFile(p) ? p : null;
        }
        Path project = Scenarios.home().toAbsolutePath().getParent();
        for (Path base : new Path[] {project, Path.of("").toAbsolutePath()}) {
            if (base != null && Files.isRegularFile(base.resolve(p))) {
                return base.resolve(p);
            }
        }
        return null;
    }
}
