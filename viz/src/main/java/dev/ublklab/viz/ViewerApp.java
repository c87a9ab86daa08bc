package dev.ublklab.viz;

/** Placeholder until the JavaFX viewer lands. */
final class ViewerApp {
    private ViewerApp() {}

    static void open(TimelineModel a, TimelineModel b) {
        throw new VizException("the viewer window is not built yet");
    }
}
