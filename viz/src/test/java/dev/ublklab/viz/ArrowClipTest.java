package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hop between two events on one lane stays inside the plot, also on the top row. */
class ArrowClipTest {
    /** Keeps the arrows' strokes and heads (INK at alpha 0.9) and the clip's top. */
    private static final class Recorder implements Painter {
        final List<Double> ys = new ArrayList<>();
        double clipTop = Double.NaN;

        @Override public void fillRect(double x, double y, double w, double h, int rgb, double alpha) {}
        @Override public void strokeRect(double x, double y, double w, double h, int rgb, double lineWidth) {}
        @Override public void line(double x1, double y1, double x2, double y2, int rgb, double lineWidth, double alpha) {
            if (rgb == TimelineRenderer.INK && alpha == 0.9) {
                ys.add(y1);
                ys.add(y2);
            }
        }
        @Override public void fillPolygon(double[] xs, double[] ys, int rgb, double alpha) {
            if (rgb == TimelineRenderer.INK && alpha == 0.9) {
                for (double y : ys) {
                    this.ys.add(y);
                }
            }
        }
        @Override public void text(String s, double x, double y, int rgb, double size, boolean bold) {}
        @Override public void clip(double x, double y, double w, double h) { clipTop = y; }
        @Override public void unclip() {}
    }

    /** Every IO selected, with each lane row scrolled to the top in turn (PgDn). */
    @Test
    void aHopOnTheTopRowIsNotClipped() {
        TimelineModel m = Traces.model("copy-basic.jsonl");
        int width = 1000, height = Layout.preferredHeight(m);
        ViewState base = Viz.initialState(m, width);
        int[] rows = Layout.of(m, base, width, height).rows();
        boolean sawTopHop = false;
        for (int row = 0; row < rows.length; row++) {
            for (int io = 0; io < m.ioCount(); io++) {
                for (int[] pair : TimelineRenderer.arrows(m, io)) {
                    sawTopHop |= m.laneOfEvent(pair[0]) == rows[row] && m.laneOfEvent(pair[1]) == rows[row];
                }
                Recorder r = new Recorder();
                TimelineRenderer.paint(r, m, base.withFirstRow(row).withSelection(io), width, height);
                for (double y : r.ys) {
                    assertTrue(y >= r.clipTop, "row " + row + " on top, IO " + io + ": an arrow reaches y=" + y
                            + " above the plot's top " + r.clipTop);
                }
            }
        }
        assertTrue(sawTopHop, "the trace has a hop on a row to test");
    }
}
