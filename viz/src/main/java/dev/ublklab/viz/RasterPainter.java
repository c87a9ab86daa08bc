package dev.ublklab.viz;

import java.util.Arrays;

/**
 * Rasterises the commands that make up nearly all of a frame (rectangles and horizontal or vertical
 * lines) straight into an ARGB int buffer, in order, and ignores the rest. The JavaFX view draws
 * this buffer with one drawImage and then replays the remaining commands (text, outlines, arrows)
 * on top, so a frame costs a handful of Canvas commands whatever the zoom (viewer.md pitfall 9).
 */
final class RasterPainter implements Painter {
    private final int width;
    private final int height;
    private final int[] argb;
    private int cx0;
    private int cy0;
    private int cx1;
    private int cy1;

    RasterPainter(int width, int height, int[] buffer) {
        this.width = width;
        this.height = height;
        this.argb = buffer;
        unclip();
    }

    /** Whether {@link #line} rasterises this line (so the vector pass must skip it). */
    static boolean rasterLine(double x1, double y1, double x2, double y2) {
        return x1 == x2 || y1 == y2;
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int rgb, double alpha) {
        int a = (int) Math.round(Math.max(0, Math.min(1, alpha)) * 255);
        int x0 = Math.max(cx0, (int) Math.round(x)), x1 = Math.min(cx1, (int) Math.round(x + w));
        int y0 = Math.max(cy0, (int) Math.round(y)), y1 = Math.min(cy1, (int) Math.round(y + h));
        if (x1 <= x0 && w > 0 && x0 < cx1) {
            x1 = x0 + 1; // thinner than a pixel still shows
        }
        if (a == 0 || x1 <= x0 || y1 <= y0) {
            return;
        }
        int src = 0xFF000000 | (rgb & 0xFFFFFF);
        for (int row = y0; row < y1; row++) {
            int base = row * width;
            if (a == 255) {
                Arrays.fill(argb, base + x0, base + x1, src);
            } else {
                for (int i = base + x0; i < base + x1; i++) {
                    argb[i] = blend(argb[i], rgb, a);
                }
            }
        }
    }

    private static int blend(int dst, int rgb, int a) {
        int r = (((rgb >> 16) & 0xFF) * a + ((dst >> 16) & 0xFF) * (255 - a)) / 255;
        int g = (((rgb >> 8) & 0xFF) * a + ((dst >> 8) & 0xFF) * (255 - a)) / 255;
        int b = ((rgb & 0xFF) * a + (dst & 0xFF) * (255 - a)) / 255;
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double lineWidth, double alpha) {
        if (!rasterLine(x1, y1, x2, y2)) {
            return;
        }
        double lw = Math.max(1, lineWidth);
        if (x1 == x2) {
            fillRect(x1 - lw / 2, Math.min(y1, y2), lw, Math.abs(y2 - y1), rgb, alpha);
        } else {
            fillRect(Math.min(x1, x2), y1 - lw / 2, Math.abs(x2 - x1), lw, rgb, alpha);
        }
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int rgb, double lineWidth) { }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int rgb, double alpha) { }

    @Override
    public void text(String s, double x, double y, int rgb, double size, boolean bold) { }

    @Override
    public void clip(double x, double y, double w, double h) {
        cx0 = Math.max(0, (int) Math.round(x));
        cy0 = Math.max(0, (int) Math.round(y));
        cx1 = Math.min(width, (int) Math.round(x + w));
        cy1 = Math.min(height, (int) Math.round(y + h));
    }

    @Override
    public void unclip() {
        cx0 = 0;
        cy0 = 0;
        cx1 = width;
        cy1 = height;
    }

    /** The vector commands {@link RasterPainter} leaves out, passed on to {@code next}. */
    static Painter rest(Painter next) {
        return new Painter() {
            @Override
            public void fillRect(double x, double y, double w, double h, int rgb, double alpha) { }

            @Override
            public void strokeRect(double x, double y, double w, double h, int rgb, double lineWidth) {
                next.strokeRect(x, y, w, h, rgb, lineWidth);
            }

            @Override
            public void line(double x1, double y1, double x2, double y2, int rgb, double lineWidth, double alpha) {
                if (!rasterLine(x1, y1, x2, y2)) {
                    next.line(x1, y1, x2, y2, rgb, lineWidth, alpha);
                }
            }

            @Override
            public void fillPolygon(double[] xs, double[] ys, int rgb, double alpha) {
                next.fillPolygon(xs, ys, rgb, alpha);
            }

            @Override
            public void text(String s, double x, double y, int rgb, double size, boolean bold) {
                next.text(s, x, y, rgb, size, bold);
            }

            @Override
            public void clip(double x, double y, double w, double h) {
                next.clip(x, y, w, h);
            }

            @Override
            public void unclip() {
                next.unclip();
            }
        };
    }
}
