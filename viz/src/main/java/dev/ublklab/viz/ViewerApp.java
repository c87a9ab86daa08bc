package dev.ublklab.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;

/**
 * Starts the JavaFX toolkit for {@link Viz#view}. The launching class does not extend
 * {@link Application}, so the viewer also starts from the class path (viewer.md C.2).
 * With the system property {@code ublklab.view.snapshot=FILE.png} the window is shown, its scene
 * written to FILE, one line printed and the window closed: the window test and screenshots use it.
 */
final class ViewerApp {
    static final String SNAPSHOT = "ublklab.view.snapshot";
    private static volatile TimelineModel pendingA;
    private static volatile TimelineModel pendingB;
    private static volatile StateAt pendingState = StateAt.NONE;
    private static volatile String snapshotError;

    private ViewerApp() {}

    /** Shows the window and blocks until it is closed. */
    static void open(TimelineModel a, TimelineModel b, StateAt stateAt) {
        pendingA = a;
        pendingB = b;
        pendingState = stateAt;
        try {
            Application.launch(FxApp.class);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new VizException(NativeLibs.whyNoWindow(String.valueOf(root.getMessage())));
        }
        if (snapshotError != null) {
            throw new VizException(snapshotError);
        }
    }

    /** The JavaFX application; public because the toolkit instantiates it reflectively. */
    public static final class FxApp extends Application {
        @Override
        public void start(Stage stage) {
            Viewer v = new Viewer(pendingA, pendingB, pendingState);
            stage.setTitle(title(pendingA.trace().header(), pendingB == null ? null : pendingB.trace().header()));
            stage.setScene(v.scene());
            stage.show();
            String snap = System.getProperty(SNAPSHOT);
            if (snap != null) {
                PauseTransition wait = new PauseTransition(Duration.millis(400));
                wait.setOnFinished(e -> snapshotAndClose(stage, Path.of(snap)));
                wait.play();
            }
        }
    }

    /** The window's title: the scenario, and for a diff both sides with what tells them apart (their kernels). */
    static String title(TraceData.Header a, TraceData.Header b) {
        if (b == null) {
            return "ublk-lab: " + a.scenario();
        }
        String[] s = TraceData.sides(a, b);
        return "ublk-lab: " + a.scenario() + (s[0].isEmpty() ? "" : " (" + s[0] + ")") + " vs " + b.scenario()
                + (s[1].isEmpty() ? "" : " (" + s[1] + ")");
    }

    private static void snapshotAndClose(Stage stage, Path out) {
        Scene scene = stage.getScene();
        WritableImage img = scene.snapshot(null);
        int w = (int) img.getWidth(), h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        bi.setRGB(0, 0, w, h, argb, 0, w);
        try (OutputStream o = OutputFile.open(out)) {
            ImageIO.write(bi, "png", o);
            System.out.println("window shown: " + w + "x" + h + " (glass " + System.getProperty("glass.platform", "gtk") + "); snapshot " + out);
        } catch (IOException | VizException e) {
            snapshotError = e instanceof VizException ? e.getMessage() : OutputFile.why(out, (IOException) e);
        }
        stage.close();
        Platform.exit();
    }
}
