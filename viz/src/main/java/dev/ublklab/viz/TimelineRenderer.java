package dev.ublklab.viz;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link TimelineModel} through a {@link Painter}: the same commands make the JavaFX view,
 * the PNG and the SVG. Per lane it draws at most one rectangle per pixel column ({@link Lod}), so
 * a frame's cost does not grow with the trace.
 */
public final class TimelineRenderer {
    static final int BACKGROUND = 0xFFFFFF;
    static final int STRIPE = 0xF3F4F6;
    static final int INK = 0x212121;
    static final int FAINT = 0x9E9E9E;
    static final int TICK = 0x37474F;
    static final int VIOLATION = 0xD50000;
    static final int DIFF = 0xD500F9;
    /** The step cursor: blue, so that it is never mistaken for the red violation mark. */
    static final int CURSOR = 0x1565C0;
    static final double DIM = 0.18;
    /** A livelock's cycle: a band behind its first turn, and the banner's text. */
    static final int CYCLE = 0xFFE0B2;
    static final int CYCLE_INK = 0xE65100;

    private TimelineRenderer() {}

    /** Draws everything; returns the number of primitives issued for lane contents (for benchmarks). */
    public static int paint(Painter p, TimelineModel m, ViewState s, int width, int height) {
        Layout l = Layout.of(m, s, width, height);
        Viewport vp = s.viewport().withWidth(l.plotWidth());
        p.fillRect(0, 0, width, height, BACKGROUND, 1);
        title(p, m, l);
        axis(p, m, l, vp);
        cycleBand(p, m, l, vp);
        int primitives = 0;
        for (int r = l.firstRow(); r < l.rows().length; r++) {
            int lane = l.rows()[r];
            int y = l.laneY(lane);
            if (y < 0) {
                break;
            }
            primitives += lane(p, m, s, l, vp, lane, y);
        }
        p.clip(l.plotX(), l.lanesTop(), l.plotWidth(), l.lanesBottom() - l.lanesTop());
        outline(p, m, l, vp, m.counterexample() == null ? null : m.counterexample().namedEvents(), VIOLATION);
        outline(p, m, l, vp, s.outlined(), DIFF);
        gap(p, l, vp, s.gap());
        violationMark(p, m, l, vp);
        selection(p, m, s, l, vp);
        cursor(p, m, s, l, vp);
        p.unclip();
        legend(p, l);
        return primitives;
    }

    private static void title(Painter p, TimelineModel m, Layout l) {
        TraceData.Header h = m.trace().header();
        String verdict = m.trace().end() == null ? "no end line" : m.trace().end().verdict();
        String title = String.format(Locale.ROOT, "%s  [%s, %s%s, seed %d]  %d events, %d IOs  %s",
                h.scenario(), h.src(), h.variant(), h.kernel() == null ? "" : ", kernel " + h.kernel(), h.seed(),
                m.events().size(), m.ioCount(), verdict);
        p.text(title, 6, 14, INK, 12, true);
        Cycle cy = m.cycle();
        if (cy != null) {
            p.fillRect(0, Layout.TITLE, l.width(), Layout.BANNER, 0xFFF3E0, 1);
            p.text(cycleText(m, cy), 6, Layout.TITLE + 13, CYCLE_INK, 11, true);
        }
        Counterexample cx = m.counterexample();
        if (cx != null) {
            p.fillRect(0, Layout.TITLE, l.width(), Layout.BANNER, 0xFFEBEE, 1);
            String at = cx.violatingEvent() >= 0 ? " at step " + cx.step() : "";
            p.text("violated: " + cx.invariant() + at + ": " + cx.explanation(), 6, Layout.TITLE + 13,
                    VIOLATION, 11, true);
        }
    }

    private static void axis(Painter p, TimelineModel m, Layout l, Viewport vp) {
        int y = l.lanesTop() - 4;
        p.line(l.plotX(), y, l.plotX() + l.plotWidth(), y, FAINT, 1, 1);
        boolean steps = "step".equals(m.timeUnit());
        double step = niceStep(vp.span() / Math.max(1, l.plotWidth() / 90.0), steps);
        p.text(steps ? "step" : "time", 6, y - 4, FAINT, 10, false);
        double first = Math.ceil(vp.t0() / step) * step;
        for (double t = first; t < vp.t1(); t += step) {
            double x = l.plotX() + vp.x(t);
            p.line(x, y - 4, x, l.lanesBottom(), 0xE0E0E0, 1, 1);
            String label = steps ? Long.toString(Math.round(t)) : duration(t - m.start());
            p.text(label, x + 2, y - 4, INK, 10, false);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw} (and at least 1 for steps). */
    static double niceStep(double raw, boolean integral) {
        double pow = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        double step = raw <= pow ? pow : raw <= 2 * pow ? 2 * pow : raw <= 5 * pow ? 5 * pow : 10 * pow;
        return integral ? Math.max(1, Math.rint(step)) : step;
    }

    /** Nanoseconds as a short label relative to the trace's start. */
    static String duration(double ns) {
        double a = Math.abs(ns);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "+%.3gs", ns / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "+%.3gms", ns / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "+%.3gus", ns / 1e3);
        }
        return String.format(Locale.ROOT, "+%.0fns", ns);
    }

    private static int lane(Painter p, TimelineModel m, ViewState s, Layout l, Viewport vp, int lane, int y) {
        Lane ln = m.lane(lane);
        if (ln.kind() != Lane.Kind.TAG) {
            p.fillRect(0, y - 1, l.width(), Layout.LANE + 2, STRIPE, 1);
        }
        p.text(ln.label(), ln.kind() == Lane.Kind.TAG ? 14 : 6, y + 12, INK, 11, ln.kind() != Lane.Kind.TAG);
        Lod.Runs runs = Lod.runs(m, lane, vp);
        int x0 = l.plotX();
        for (int r = 0; r < runs.count(); r++) {
            double alpha = s.inFocus(runs.io()[r]) ? 1 : DIM;
            int w = runs.x1()[r] - runs.x0()[r];
            p.fillRect(x0 + runs.x0()[r], y + 2, w, Layout.LANE - 4, runs.phaseAt(r).rgb(), alpha);
            // The run's middle: its first column starts up to a pixel before the segment (a real trace's ns rarely fall on one).
            TimelineModel.Segment sg = runs.io()[r] >= 0 && !runs.dense()[r]
                    ? segmentAt(m, lane, vp.t((runs.x0()[r] + runs.x1()[r]) / 2.0)) : null;
            if (sg != null) {
                p.title(PerfettoExport.sliceName(m, sg) + " [" + sg.start() + ", " + sg.end() + ") " + m.timeUnit());
                barLabel(p, m, sg, x0 + runs.x0()[r], y, w, alpha);
            }
            if (runs.dense()[r]) {
                p.fillRect(x0 + runs.x0()[r], y + Layout.LANE - 4, runs.x1()[r] - runs.x0()[r], 2, INK, alpha * 0.5);
            }
        }
        Lod.Marks marks = Lod.marks(m, lane, vp);
        if (marks.count() > l.plotWidth() / 3) {
            // Ticks closer than 3 px say nothing the density strip does not: keep the frame cheap.
            return runs.count();
        }
        for (int k = 0; k < marks.count(); k++) {
            int e = marks.event()[k];
            double alpha = s.inFocus(m.ioOfEvent(e)) || m.ioOfEvent(e) < 0 && s.selectedIo() < 0 ? 1 : DIM;
            double x = x0 + marks.x()[k] + 0.5;
            EventType type = m.events().type(e);
            if (m.events().completed(e) >= 0 || type == EventType.COMPLETE) {
                p.line(x, y, x, y + Layout.LANE, Phase.COMPLETED.rgb(), 2, alpha);
            } else if (type == EventType.CRASH || type == EventType.ABORT) {
                p.line(x, y, x, y + Layout.LANE, VIOLATION, 2, alpha);
            } else if (ln.kind() == Lane.Kind.TAG) {
                p.line(x, y, x, y + 6, INK, 1, alpha);
            } else {
                p.line(x, y, x, y + Layout.LANE, TICK, 1, alpha * 0.8);
            }
            p.title(Details.oneLine(m, e));
        }
        return runs.count() + marks.count();
    }

    /** The segment of {@code lane} covering time {@code t}, or null. */
    static TimelineModel.Segment segmentAt(TimelineModel m, int lane, double t) {
        LaneTrack tr = m.track(lane);
        int s = tr.firstSegmentEndingAtOrAfter((long) Math.floor(t));
        for (int k = s; k < tr.segments() && k < s + 4; k++) {
            if (tr.start(k) <= t && t < Math.max(tr.end(k), tr.start(k) + 1)) {
                return m.segment(lane, k);
            }
        }
        return null;
    }

    /** "r1 SPLICE" (IO and the SQE that started the phase) inside a bar, when it fits. */
    private static void barLabel(Painter p, TimelineModel m, TimelineModel.Segment sg, double x, int y, int w, double alpha) {
        String io = m.events().ioId(sg.io());
        String sqe = sg.event() >= 0 ? m.events().sqe(sg.event()) : null;
        String label = sqe != null && Painter.textWidth(io + " " + sqe, 9) + 8 <= w ? io + " " + sqe : io;
        if (alpha < 1 || Painter.textWidth(label, 9) + 8 > w) {
            return;
        }
        int rgb = sg.phase().rgb();
        double luma = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
        p.text(label, x + 5, y + 11, luma < 140 ? BACKGROUND : INK, 9, false);
    }

    private static void outline(Painter p, TimelineModel m, Layout l, Viewport vp, BitSet events, int rgb) {
        if (events == null) {
            return;
        }
        int drawn = 0;
        for (int e = events.nextSetBit(0); e >= 0 && drawn < 4 * l.plotWidth(); e = events.nextSetBit(e + 1)) {
            int y = l.laneY(m.laneOfEvent(e));
            double x = vp.x(m.events().time(e));
            if (y < 0 || x < -4 || x > l.plotWidth() + 4) {
                continue;
            }
            p.strokeRect(l.plotX() + x - 3, y - 1, 7, Layout.LANE + 2, rgb, 2);
            drawn++;
        }
    }

    /** Where this side of a diff lacks the other's divergent event: a dashed magenta rule and what is missing. */
    private static void gap(Painter p, Layout l, Viewport vp, TraceDiff.Gap g) {
        if (g == null) {
            return;
        }
        double x = l.plotX() + Math.min(l.plotWidth() - 1, Math.max(0, vp.x(g.time()))) + 0.5;
        for (double y = l.lanesTop(); y < l.lanesBottom(); y += 6) {
            p.line(x, y, x, Math.min(y + 3, l.lanesBottom()), DIFF, 2, 1);
        }
        double w = Painter.textWidth(g.label(), 10);
        double tx = x + 3 + w > l.plotX() + l.plotWidth() ? x - 3 - w : x + 3;
        p.text(g.label(), tx, l.lanesTop() + 10, DIFF, 10, true);
        p.title("first divergence: " + g.label());
    }

    private static void selection(Painter p, TimelineModel m, ViewState s, Layout l, Viewport vp) {
        if (s.selectedIo() < 0) {
            return;
        }
        int[] chain = m.chainOf(s.selectedIo());
        for (int e : chain) {
            int[] seg = m.segmentOfEvent(e);
            int y = seg == null ? -1 : l.laneY(seg[0]);
            if (y >= 0) {
                TimelineModel.Segment sg = m.segment(seg[0], seg[1]);
                double a = vp.x(sg.start()), b = Math.max(vp.x(sg.end()), a + 1);
                p.strokeRect(l.plotX() + a, y + 1, b - a, Layout.LANE - 2, INK, 1);
            }
        }
        for (int[] pair : arrows(m, s.selectedIo())) {
            arrow(p, m, l, vp, pair[0], pair[1]);
        }
    }

    /**
     * The flow arrows of {@code io}: every consecutive pair of the events that act on it, in trace
     * order, also two on one lane (drawn as a hop), so that the arrows tell its whole story.
     */
    public static List<int[]> arrows(TimelineModel m, int io) {
        int[] chain = m.chainOf(io);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i + 1 < chain.length; i++) {
            out.add(new int[] {chain[i], chain[i + 1]});
        }
        return out;
    }

    private static void arrow(Painter p, TimelineModel m, Layout l, Viewport vp, int from, int to) {
        int la = m.laneOfEvent(from), lb = m.laneOfEvent(to);
        int ya = l.laneY(la), yb = l.laneY(lb);
        if (ya < 0 || yb < 0) {
            return;
        }
        double x1 = l.plotX() + vp.x(m.events().time(from)), y1 = ya + Layout.LANE / 2.0;
        double x2 = l.plotX() + vp.x(m.events().time(to)), y2 = yb + Layout.LANE / 2.0;
        if (la == lb) {
            // Same lane: a hop over the bar, its peak above the lane; on the top row (where the plot
            // is clipped at the lane's top) the peak stays inside it and the hop starts lower.
            double mid = (x1 + x2) / 2, top = Math.max(ya - 3, l.lanesTop() + 3), foot = top + 5;   // +3: room for the head
            p.line(x1, foot, mid, top, INK, 1.2, 0.9);
            p.line(mid, top, x2, foot, INK, 1.2, 0.9);
            x1 = mid;
            y1 = top;
            y2 = foot;
        } else {
            p.line(x1, y1, x2, y2, INK, 1.5, 0.9);
        }
        double ang = Math.atan2(y2 - y1, x2 - x1);
        double[] xs = {x2, x2 - 7 * Math.cos(ang - 0.4), x2 - 7 * Math.cos(ang + 0.4)};
        double[] ys = {y2, y2 - 7 * Math.sin(ang - 0.4), y2 - 7 * Math.sin(ang + 0.4)};
        p.fillPolygon(xs, ys, INK, 0.9);
    }

    /**
     * The banner's words: by model states, the checker's ("after 7 steps, a cycle of 8 steps"); by
     * events only, what was compared.
     */
    static String cycleText(TimelineModel m, Cycle cy) {
        if (cy.byState()) {
            return "livelock: after " + cy.start() + " steps, a cycle of " + cy.period() + " steps (steps "
                    + (cy.start() + 1) + "-" + (cy.start() + cy.period()) + ") repeats"
                    + ("limit".equals(m.trace().end().verdict()) ? " to the step bound" : " forever")
                    + ", no IO completes (model states compared, as ublk-lab check does)";
        }
        return "cycle: from step " + m.events().time(cy.start()) + " the same " + cy.period()
                + " events repeat to the step bound, no IO completes (events compared, not model states:"
                + " ublk-lab check finds the lasso)";
    }

    /** Behind the lanes: the cycle's first turn in orange, the rest of the repetition lighter. */
    private static void cycleBand(Painter p, TimelineModel m, Layout l, Viewport vp) {
        Cycle cy = m.cycle();
        if (cy == null) {
            return;
        }
        double a = Math.max(0, vp.x(m.events().time(cy.start()))), turn = vp.x(m.events().time(cy.start() + cy.period()));
        double b = Math.min(l.plotWidth(), vp.x(m.end()));
        if (b > a) {
            p.fillRect(l.plotX() + a, l.lanesTop() - 4, b - a, l.lanesBottom() - l.lanesTop() + 4, CYCLE, 0.35);
            p.fillRect(l.plotX() + a, l.lanesTop() - 4, Math.max(1, Math.min(b, turn) - a), l.lanesBottom() - l.lanesTop() + 4, CYCLE, 0.6);
            p.title("cycle of " + cy.period() + " steps from step " + m.events().time(cy.start()));
        }
    }

    /** The violating step, marked whatever the cursor does: a red rule and its step at the axis. */
    private static void violationMark(Painter p, TimelineModel m, Layout l, Viewport vp) {
        Counterexample cx = m.counterexample();
        if (cx == null || cx.violatingEvent() < 0) {
            return;
        }
        double x = l.plotX() + vp.x(m.events().time(cx.violatingEvent())) + 0.5;
        for (double y = l.lanesTop() - 4; y < l.lanesBottom(); y += 6) {
            p.line(x, y, x, Math.min(y + 3, l.lanesBottom()), VIOLATION, 1.5, 1);
        }
        p.text("\u2717 step " + cx.step(), x + 3, l.lanesTop() + 8, VIOLATION, 10, true);
    }

    private static void cursor(Painter p, TimelineModel m, ViewState s, Layout l, Viewport vp) {
        if (s.cursorEvent() < 0) {
            return;
        }
        double x = l.plotX() + vp.x(m.events().time(s.cursorEvent())) + 0.5;
        p.line(x, l.lanesTop() - 4, x, l.lanesBottom(), CURSOR, 1.5, 1);
    }

    private static void legend(Painter p, Layout l) {
        double x = 6, y = l.height() - Layout.LEGEND + 6;
        p.fillRect(0, l.height() - Layout.LEGEND, l.width(), Layout.LEGEND, BACKGROUND, 1);
        for (Phase ph : Phase.values()) {
            if (ph == Phase.COMPLETED) {
                p.line(x + 5, y, x + 5, y + 12, ph.rgb(), 2, 1);
            } else {
                p.fillRect(x, y + 1, 12, 10, ph.rgb(), 1);
            }
            p.text(ph.label(), x + 16, y + 10, INK, 10, false);
            x += 22 + Painter.textWidth(ph.label(), 10);
        }
        p.line(x + 2, y, x + 2, y + 6, INK, 1, 1);
        p.text("event", x + 6, y + 10, INK, 10, false);
    }
}
