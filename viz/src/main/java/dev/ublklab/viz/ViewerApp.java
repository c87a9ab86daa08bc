package dev.ublklab.viz;

import javafx.application.Application;
import javafx.stage.Stage;

/**
 * Starts the JavaFX toolkit for {@link Viz#view}. The launching class does not extend
 * {@link Application}, so the viewer also starts from the class path (viewer.md C.2).
 */
final class ViewerApp {
    private static volatile TimelineModel pendingA;
    private static volatile TimelineModel pendingB;
    private static volatile StateAt pendingState = StateAt.NONE;

    private ViewerApp() {}

    /** Shows the window and blocks until it is closed. */
    static void open(TimelineModel a, TimelineModel b, StateAt stateAt) {
        pendingA = a;
        pendingB = b;
        pendingState = stateAt;
        try {
            Application.launch(FxApp.class);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new VizException("cannot open the viewer window (" + e.getMessage()
                    + "); is DISPLAY set? 'ublk-lab render' works without one");
        }
    }

    /** The JavaFX application; public because the toolkit instantiates it reflectively. */
    public static final class FxApp extends Application {
        @Override
        public void start(Stage stage) {
            Viewer v = new Viewer(pendingA, pendingB, pendingState);
            stage.setTitle("ublk-lab: " + pendingA.trace().header().scenario()
                    + (pendingB == null ? "" : " vs " + pendingB.trace().header().scenario()));
            stage.setScene(v.scene());
            stage.show();
        }
    }
}
