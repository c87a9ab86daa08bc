package dev.ublklab.viz;

import dev.ublklab.sim.Chooser;
import dev.ublklab.sim.Run;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.SimTrace;
import dev.ublklab.sim.Simulator;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
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
        return TimelineModel.of(TraceLoad.read(path(name)));
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
        Run run = Simulator.of(s).run(s.schedule() != null ? Chooser.replay(s.schedule()) : Chooser.random(s.seed()), true);
        StringWriter w = new StringWriter();
        SimTrace.write(w, s, s.seed(), run);
        return w.toString();
    }

    static TimelineModel simModel(String rel) {
        return simModel(scenario(rel));
    }

    static TimelineModel simModel(Scenario s) {
        return TimelineModel.of(TraceLoad.read(s.name(), new BufferedReader(new StringReader(simTrace(s)))));
    }

    /** The window with tab {@code tab} (1 State, 2 Explore) selected, as target/NAME.png, for a look. */
    static void shot(org.testfx.api.FxRobot robot, Viewer v, int tab, String name) throws Exception {
        robot.interact(() -> ((javafx.scene.control.TabPane) v.root().lookup("#tabs")).getSelectionModel().select(tab));
        javafx.scene.image.WritableImage[] img = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> img[0] = v.root().getScene().snapshot(null));
        int w = (int) img[0].getWidth(), h = (int) img[0].getHeight();
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, img[0].getPixelReader().getArgb(x, y));
            }
        }
        java.nio.file.Files.createDirectories(Path.of("target"));
        javax.imageio.ImageIO.write(out, "png", Path.of("target", name + ".png").toFile());
    }
}
