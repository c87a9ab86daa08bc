package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.VariantReplay;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The same schedule on two kernel versions (view/render --kernel): each side names its kernel, in
 * the diff line, in each timeline's title, in the window title and in the PNG and SVG renders.
 */
@ExtendWith(ApplicationExtension.class)
class KernelDiffUiTest {
    private static final String SCENARIO = "copy/short-write-requeues-on-6.12.json";
    private Viewer viewer;
    private TraceData a;
    private TraceData b;

    /** Scenario {@code s} run here, labelled with its kernel as `view` labels it. */
    private static TraceData run(Scenario s) {
        TimelineModel m = Traces.simModel(s);
        return m.trace().withKernel(s.setup().config().kernel().id());
    }

    @Start
    void start(Stage stage) {
        Scenario s = Traces.scenario(SCENARIO);
        Scenario on73 = s.withSetup(s.setup().withConfig(s.setup().config().withKernel(KernelVersion.parse("7.3"))));
        a = run(s);
        b = run(VariantReplay.of(s, null, on73).scenario());
        viewer = new Viewer(TimelineModel.of(a), TimelineModel.of(b));
        stage.setScene(viewer.scene());
        stage.show();
    }

    @Test
    void eachSideNamesItsKernel(FxRobot robot, @TempDir Path dir) throws Exception {
        String diff = robot.lookup("#diff").queryAs(Label.class).getText();
        assertTrue(diff.startsWith("A (top: kernel 6.12) vs B (bottom: kernel 7.3): "), diff);
        robot.interact(() -> viewer.toggleDiffLayout());
        diff = robot.lookup("#diff").queryAs(Label.class).getText();
        assertTrue(diff.startsWith("A (left: kernel 6.12) vs B (right: kernel 7.3): "), diff);
        assertEquals("ublk-lab: short-write-requeues-on-6.12 (kernel 6.12) vs short-write-requeues-on-6.12 (kernel 7.3)",
                ViewerApp.title(a.header(), b.header()));
        Path svg = dir.resolve("k.svg"), png = dir.resolve("k.png");
        Viz.renderDiff(a, b, svg);
        Viz.renderDiff(a, b, png);
        String text = Files.readString(svg);
        assertTrue(text.contains("A (top: kernel 6.12) vs B (bottom: kernel 7.3): "), text);
        assertTrue(text.contains("[sim, copy, kernel 6.12, seed 32]") && text.contains("[sim, copy, kernel 7.3, seed 32]"),
                "each timeline's title names its kernel");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(20 + Layout.preferredHeight(TimelineModel.of(a)) + Layout.preferredHeight(TimelineModel.of(b)), img.getHeight());
        Files.createDirectories(Path.of("target"));
        Files.copy(png, Path.of("target", "kernel-diff.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
