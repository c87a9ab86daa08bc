package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Frame times of the JavaFX view on a generated 1,000,000-event trace (printed, not asserted:
 * the machine is shared). Each frame is the Canvas recording plus a snapshot, which renders it.
 * A benchmark, so it runs only on request: {@code mvn -pl viz test -Dtest=FxFrameTimeTest -Dviz.fxbench=true}.
 */
@EnabledIfSystemProperty(named = "viz.fxbench", matches = "true")
@ExtendWith(ApplicationExtension.class)
class FxFrameTimeTest {
    private Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
    }

    @Test
    void millionEventFrames(FxRobot robot, @TempDir Path dir) throws Exception {
        Path f = dir.resolve("million.jsonl");
        TraceGenerator.write(f, 1_000_000, 4, 32);
        TimelineModel m = Viz.load(f);
        TimelineView[] view = new TimelineView[1];
        robot.interact(() -> {
            view[0] = new TimelineView(m);
            // Monocle's headless screen is 1280x800: a bigger window overflows its framebuffer.
            stage.setScene(new Scene(view[0], 1200, 760));
            stage.show();
        });
        for (double zoom : new double[] {1, 10, 1000, 100_000}) {
            double[] ms = new double[3];
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            robot.interact(() -> {
                view[0].fit();
                view[0].zoom(zoom, Double.NaN);
                for (int i = 0; i < 5; i++) {
                    long c0 = cpu.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    view[0].redraw();
                    long t1 = System.nanoTime();
                    ms[2] += (cpu.getCurrentThreadCpuTime() - c0) / 5e6;
                    WritableImage img = view[0].canvas().snapshot(null, null);
                    assertTrue(img.getWidth() > 0);
                    ms[0] += (t1 - t0) / 5e6;
                    ms[1] += (System.nanoTime() - t1) / 5e6;
                }
            });
            System.out.printf(Locale.ROOT, "javafx frame at zoom x%.0f: %.1f ms to record (%.1f ms cpu) + %.1f ms to"
                    + " render (1200x760, Monocle, prism sw)%n", zoom, ms[0], ms[2], ms[1]);
        }
        assertTrue(view[0].frames() >= 20);
    }
}
