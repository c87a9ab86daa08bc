package dev.ublklab.viz;

import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.Simulator;
import dev.ublklab.sim.TraceCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The hand-written traces in src/test/resources/traces (they follow docs/trace-format.md), and simulator runs. */
final class Traces {
    /** The README's finding: rfc-v1's early commit while a splice is mid-flight writes a released page. */
    static final String FINDING = "rfc-v1/early-commit-mid-splice-writes-released-page.json";

    private Traces() {}

    static Path path(String name) {
        try {
            return Path.of(Traces.class.getResource("/traces/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test trace " + name, e);
        }
    }

    static TimelineModel model(String name) {
        return TimelineModel.of(TraceReader.read(path(name)));
    }

    /** A bundled scenario (path under scenarios/), as the repository's file. */
    static Path scenarioFile(String rel) {
        return Path.of("..", "scenarios").resolve(rel);
    }

    static Scenario scenario(String rel) {
        try {
            return ScenarioCodec.read(scenarioFile(rel));
        } catch (dev.ublklab.sim.ScenarioException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trace text of running a bundled scenario (its recorded schedule, else its seed). */
    static String simTrace(String rel) {
        return simTrace(scenario(rel));
    }

    static String simTrace(Scenario s) {
        try {
            Run run = Simulator.of(s).run(s.schedule() != null ? Chooser.replay(s.schedule()) : Chooser.random(s.seed()), true);
            StringWriter w = new StringWriter();
            new TraceCodec(s.setup()).write(w, s, s.seed(), run);
            return w.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TimelineModel simModel(String rel) {
        return simModel(scenario(rel));
    }

    static TimelineModel simModel(Scenario s) {
        try {
            return TimelineModel.of(TraceReader.read(s.name(), new BufferedReader(new StringReader(simTrace(s)))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
