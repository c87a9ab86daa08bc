package dev.ublklab.viz;

import java.nio.file.Path;

/** A child JVM for {@link RealWindowTest}: opens the viewer window (GTK glass) on one trace. */
public final class WindowSmoke {
    private WindowSmoke() {}

    public static void main(String[] args) {
        try {
            Viz.view(Path.of(args[0]));
        } catch (VizException e) {
            System.err.println("ublk-lab: " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }
}
