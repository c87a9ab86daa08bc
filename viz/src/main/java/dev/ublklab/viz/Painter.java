package dev.ublklab.viz;

/**
 * The few drawing commands the timeline needs, so that one renderer draws to a JavaFX Canvas, to
 * a java.awt image (PNG) and to SVG text. Colours are 0xRRGGBB with a separate alpha in [0, 1];
 * text is drawn at its baseline in DejaVu Sans.
 */
public interface Painter {
    void fillRect(double x, double y, double w, double h, int rgb, double alpha);

    void strokeRect(double x, double y, double w, double h, int rgb, double lineWidth);

    void line(double x1, double y1, double x2, double y2, int rgb, double lineWidth, double alpha);

    void fillPolygon(double[] xs, double[] ys, int rgb, double alpha);

    void text(String s, double x, double y, int rgb, double size, boolean bold);

    /** Hover text for the shape just drawn: SVG's {@code <title>}; backends without hover ignore it. */
    default void title(String text) {
    }

    /** Restricts drawing to a rectangle until {@link #unclip()}. */
    void clip(double x, double y, double w, double h);

    void unclip();

    /** A width estimate that every backend shares, so that layouts agree across backends. */
    static double textWidth(String s, double size) {
        return s.length() * size * 0.6;
    }
}
