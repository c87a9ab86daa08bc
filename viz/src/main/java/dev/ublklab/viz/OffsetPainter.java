package dev.ublklab.viz;

/** Passes drawing commands on, moved down by {@code dy}: stacks two timelines in one image. */
final class OffsetPainter implements Painter {
    private final Painter p;
    private final double dy;

    OffsetPainter(Painter p, double dy) {
        this.p = p;
        this.dy = dy;
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int rgb, double alpha) {
        p.fillRect(x, y + dy, w, h, rgb, alpha);
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int rgb, double lineWidth) {
        p.strokeRect(x, y + dy, w, h, rgb, lineWidth);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double lineWidth, double alpha) {
        p.line(x1, y1 + dy, x2, y2 + dy, rgb, lineWidth, alpha);
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int rgb, double alpha) {
        double[] moved = new double[ys.length];
        for (int i = 0; i < ys.length; i++) {
            moved[i] = ys[i] + dy;
        }
        p.fillPolygon(xs, moved, rgb, alpha);
    }

    @Override
    public void text(String s, double x, double y, int rgb, double size, boolean bold) {
        p.text(s, x, y + dy, rgb, size, bold);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        p.clip(x, y + dy, w, h);
    }

    @Override
    public void unclip() {
        p.unclip();
    }
}
