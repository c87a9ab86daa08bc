package dev.ublklab.viz;

import java.util.ArrayList;
import java.util.List;

/**
 * Where things go on a canvas of a given size: title, counterexample banner, time axis, lane rows
 * (after the filter collapses lanes without a match) and the legend. Pure, shared by the renderer,
 * the JavaFX view's hit testing and the tests.
 */
public record Layout(int width, int height, int plotX, int plotWidth, int lanesTop, int lanesBottom,
                     int[] rows, int firstRow, int bannerHeight) {
    public static final int GUTTER = 104;
    public static final int RIGHT = 12;
    public static final int TITLE = 20;
    public static final int BANNER = 18;
    public static final int AXIS = 22;
    public static final int LANE = 16;
    public static final int PITCH = 19;
    public static final int LEGEND = 26;

    public static Layout of(TimelineModel m, ViewState s, int width, int height) {
        int banner = m.counterexample() != null || m.cycle() != null ? BANNER : 0;
        List<Integer> rows = new ArrayList<>();
        boolean[] shown = shownLanes(m, s);
        for (int lane = 0; lane < m.laneCount(); lane++) {
            if (shown[lane]) {
                rows.add(lane);
            }
        }
        int top = TITLE + banner + AXIS;
        int first = Math.max(0, Math.min(s.firstRow(), Math.max(0, rows.size() - 1)));
        return new Layout(width, height, GUTTER, Math.max(1, width - GUTTER - RIGHT), top, height - LEGEND,
                rows.stream().mapToInt(Integer::intValue).toArray(), first, banner);
    }

    /** The canvas height that shows every lane. */
    public static int preferredHeight(TimelineModel m) {
        return TITLE + (m.counterexample() != null || m.cycle() != null ? BANNER : 0) + AXIS + m.laneCount() * PITCH + LEGEND + 4;
    }

    private static boolean[] shownLanes(TimelineModel m, ViewState s) {
        boolean[] shown = new boolean[m.laneCount()];
        if (s.filterEvents() == null) {
            java.util.Arrays.fill(shown, true);
            return shown;
        }
        for (int e = s.filterEvents().nextSetBit(0); e >= 0; e = s.filterEvents().nextSetBit(e + 1)) {
            shown[m.laneOfEvent(e)] = true;
            int[] seg = m.segmentOfEvent(e);
            if (seg != null) {
                shown[seg[0]] = true;
            }
        }
        return shown;
    }

    /** Top y of lane {@code lane}, or -1 when it is not shown. */
    public int laneY(int lane) {
        for (int r = firstRow; r < rows.length; r++) {
            if (rows[r] == lane) {
                int y = lanesTop + (r - firstRow) * PITCH;
                return y + LANE <= lanesBottom ? y : -1;
            }
        }
        return -1;
    }

    /** The lane at canvas y, or -1. */
    public int laneAt(double y) {
        if (y < lanesTop || y >= lanesBottom) {
            return -1;
        }
        int r = firstRow + (int) ((y - lanesTop) / PITCH);
        return r < rows.length && (y - lanesTop) % PITCH < LANE ? rows[r] : -1;
    }

    /** How many rows fit. */
    public int visibleRows() {
        return Math.max(0, (lanesBottom - lanesTop) / PITCH);
    }
}
