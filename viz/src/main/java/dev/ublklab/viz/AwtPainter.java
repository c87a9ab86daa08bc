package dev.ublklab.viz;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Draws onto a java.awt image for PNG export. Chosen over a JavaFX snapshot because it needs no
 * FX toolkit, runs with -Djava.awt.headless=true anywhere, and the software rasteriser gives the
 * same pixels for the same commands (fonts: DejaVu Sans, fractional metrics off).
 */
public final class AwtPainter implements Painter {
    private final BufferedImage image;
    private final Graphics2D g;
    private final Font plain;
    private final Font bold;

    public AwtPainter(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        plain = new Font("DejaVu Sans", Font.PLAIN, 11);
        bold = new Font("DejaVu Sans", Font.BOLD, 11);
    }

    private void paint(int rgb, double alpha) {
        g.setColor(new Color(rgb & 0xFFFFFF));
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Math.max(0, Math.min(1, alpha))));
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int rgb, double alpha) {
        paint(rgb, alpha);
        g.fill(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int rgb, double lineWidth) {
        paint(rgb, 1);
        g.setStroke(new BasicStroke((float) lineWidth));
        g.draw(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double lineWidth, double alpha) {
        paint(rgb, alpha);
        g.setStroke(new BasicStroke((float) lineWidth));
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int rgb, double alpha) {
        paint(rgb, alpha);
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        g.fill(p);
    }

    @Override
    public void text(String s, double x, double y, int rgb, double size, boolean isBold) {
        paint(rgb, 1);
        Font base = isBold ? bold : plain;
        g.setFont(size == base.getSize2D() ? base : base.deriveFont((float) size));
        g.drawString(s, (float) x, (float) y);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        g.setClip(new Rectangle2D.Double(x, y, w, h));
    }

    @Override
    public void unclip() {
        g.setClip(null);
    }

    public BufferedImage finish() {
        g.dispose();
        return image;
    }
}
