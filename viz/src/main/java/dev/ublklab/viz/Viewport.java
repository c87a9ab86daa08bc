package dev.ublklab.viz;

/**
 * The visible time range [{@code t0}, {@code t1}) mapped onto {@code width} pixel columns. Pure
 * value: zooming and panning return a new viewport.
 */
public record Viewport(double t0, double t1, int width) {
    /** The narrowest range a view may zoom to, in trace time units, so columns never collapse. */
    private static final double MIN_SPAN = 1e-3;

    public Viewport {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive: " + width);
        }
        if (!(t1 > t0)) {
            t1 = t0 + 1;
        }
    }

    /** The whole trace, with a little room on the right. */
    public static Viewport fit(TimelineModel m, int width) {
        double span = Math.max(1, m.end() - m.start());
        return new Viewport(m.start(), m.start() + span * 1.02, width);
    }

    public double span() {
        return t1 - t0;
    }

    /** Pixel column (plot-local) of time {@code t}. */
    public double x(double t) {
        return (t - t0) / (t1 - t0) * width;
    }

    /** Time at plot-local pixel {@code x}. */
    public double t(double x) {
        return t0 + x / width * (t1 - t0);
    }

    /** Zooms by {@code factor} (> 1 zooms in) keeping the time under {@code anchorX} in place. */
    public Viewport zoom(double factor, double anchorX) {
        double anchor = t(anchorX);
        double span = Math.max(MIN_SPAN, span() / factor);
        double nt0 = anchor - (anchorX / width) * span;
        return new Viewport(nt0, nt0 + span, width);
    }

    /** Moves the view by {@code dx} pixels (positive shows later times). */
    public Viewport pan(double dx) {
        double dt = dx / width * span();
        return new Viewport(t0 + dt, t1 + dt, width);
    }

    /** The same range on another number of columns. */
    public Viewport withWidth(int w) {
        return new Viewport(t0, t1, Math.max(1, w));
    }

    /** Centres the view on {@code t} keeping the span. */
    public Viewport centre(double t) {
        double half = span() / 2;
        return new Viewport(t - half, t + half, width);
    }
}
