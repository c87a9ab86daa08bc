package dev.ublklab.viz;

import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;

/** Draws onto a JavaFX Canvas; the renderer keeps the call count per frame bounded (Lod). */
final class FxPainter implements Painter {
    private final GraphicsContext g;
    private boolean clipped;

    FxPainter(GraphicsContext g) {
        this.g = g;
    }

    private static Color colour(int rgb, double alpha) {
        return Color.rgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, Math.max(0, Math.min(1, alpha)));
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int rgb, double alpha) {
        g.setFill(colour(rgb, alpha));
        g.fillRect(x, y, w, h);
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int rgb, double lineWidth) {
        g.setStroke(colour(rgb, 1));
        g.setLineWidth(lineWidth);
        g.strokeRect(x, y, w, h);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double lineWidth, double alpha) {
        g.setStroke(colour(rgb, alpha));
        g.setLineWidth(lineWidth);
        g.strokeLine(x1, y1, x2, y2);
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int rgb, double alpha) {
        g.setFill(colour(rgb, alpha));
        g.fillPolygon(xs, ys, xs.length);
    }

    @Override
    public void text(String s, double x, double y, int rgb, double size, boolean bold) {
        g.setFill(colour(rgb, 1));
        g.setFont(Font.font("DejaVu Sans", bold ? FontWeight.BOLD : FontWeight.NORMAL, size));
        g.fillText(s, x, y);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        unclip();
        g.save();
        g.beginPath();
        g.rect(x, y, w, h);
        g.closePath();
        g.clip();
        clipped = true;
    }

    @Override
    public void unclip() {
        if (clipped) {
            g.restore();
            clipped = false;
        }
    }
}
