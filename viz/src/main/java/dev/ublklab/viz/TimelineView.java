package dev.ublklab.viz;

import java.util.function.Consumer;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

/**
 * One trace's timeline on a Canvas that follows the region's size. The wheel zooms around the
 * pointer (Shift+wheel scrolls lanes), a drag pans, a click picks the event under the pointer.
 * The state is a {@link ViewState} value: every change redraws the whole (LOD-bounded) frame.
 */
public final class TimelineView extends Region {
    private final TimelineModel model;
    private final Canvas canvas = new Canvas(10, 10);
    private ViewState state;
    private Consumer<Integer> onPick = e -> { };
    private Consumer<Viewport> onViewport = v -> { };
    private java.util.function.BiConsumer<Double, Double> onRange = (a, b) -> { };
    private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
    /** Shift+drag: the range's start and current end in canvas x, NaN when none. */
    private double rangeFrom = Double.NaN;
    private double rangeTo = Double.NaN;
    private double dragX = Double.NaN;
    private boolean dragged;
    private int frames;
    private int[] pixels;
    private WritableImage image;

    public TimelineView(TimelineModel model) {
        this.model = model;
        this.state = ViewState.initial(model, 800);
        canvas.setId("timeline");
        getChildren().add(canvas);
        setMinSize(200, 120);
        setPrefSize(1100, Math.min(900, Layout.preferredHeight(model)));
        canvas.addEventHandler(ScrollEvent.SCROLL, this::scroll);
        setFocusTraversable(true);
        tip.setShowDelay(javafx.util.Duration.millis(150));
        javafx.scene.control.Tooltip.install(canvas, tip);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> tip.setText(hoverText(e.getX(), e.getY())));
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            dragX = e.getX();
            dragged = false;
            rangeFrom = e.isShiftDown() ? e.getX() : Double.NaN;
            requestFocus();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::drag);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::release);
    }

    public TimelineModel model() { return model; }
    public ViewState state() { return state; }
    /** Frames drawn so far (tests). */
    public int frames() { return frames; }

    public void setOnPick(Consumer<Integer> c) { onPick = c; }

    public void setOnViewport(Consumer<Viewport> c) { onViewport = c; }

    /** Called with [t0, t1) when a Shift+drag selects a time range. */
    public void setOnRange(java.util.function.BiConsumer<Double, Double> c) { onRange = c; }

    /** The hover text at canvas (x, y): the event mark under the pointer, else the phase bar there; "" if none. */
    public String hoverText(double x, double y) {
        Layout l = timelineLayout();
        int lane = l.laneAt(y);
        if (lane < 0 || x < l.plotX()) {
            return "";
        }
        Viewport v = state.viewport().withWidth(l.plotWidth());
        int e = pickAt(x, y);
        if (e >= 0 && Math.abs(l.plotX() + v.x(model.events().time(e)) - x) <= 4) {
            return Details.oneLine(model, e);
        }
        TimelineModel.Segment sg = TimelineRenderer.segmentAt(model, lane, v.t(x - l.plotX()));
        return sg == null ? model.lane(lane).label()
                : PerfettoExport.sliceName(model, sg) + " [" + sg.start() + ", " + sg.end() + ") " + model.timeUnit();
    }

    public void setState(ViewState s) {
        state = s;
        redraw();
    }

    public Layout timelineLayout() {
        return Layout.of(model, state, (int) canvas.getWidth(), (int) canvas.getHeight());
    }

    private int plotWidth() {
        return Math.max(1, (int) canvas.getWidth() - Layout.GUTTER - Layout.RIGHT);
    }

    @Override
    protected void layoutChildren() {
        double w = Math.max(1, Math.floor(getWidth())), h = Math.max(1, Math.floor(getHeight()));
        if (w != canvas.getWidth() || h != canvas.getHeight()) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            state = state.withViewport(state.viewport().withWidth(plotWidth()));
            redraw();
        }
    }

    /**
     * Two passes over the same renderer: rectangles and straight lines into a pixel buffer drawn
     * with one drawImage, then text, outlines and arrows as Canvas commands on top. The Canvas
     * records a few hundred commands per frame instead of one per pixel column per lane.
     */
    void redraw() {
        int w = (int) canvas.getWidth(), h = (int) canvas.getHeight();
        if (pixels == null || pixels.length != w * h) {
            pixels = new int[w * h];
            image = new WritableImage(w, h);
        }
        ViewState s = state.withViewport(state.viewport().withWidth(plotWidth()));
        TimelineRenderer.paint(new RasterPainter(w, h, pixels), model, s, w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        g.drawImage(image, 0, 0);
        TimelineRenderer.paint(RasterPainter.rest(new FxPainter(g)), model, s, w, h);
        if (!Double.isNaN(rangeFrom) && !Double.isNaN(rangeTo)) {
            g.setFill(javafx.scene.paint.Color.rgb(21, 101, 192, 0.15));
            g.fillRect(Math.min(rangeFrom, rangeTo), 0, Math.abs(rangeTo - rangeFrom), h);
        }
        frames++;
    }

    /** Zooms by {@code factor} around plot-local x (the centre when NaN). */
    public void zoom(double factor, double plotX) {
        Viewport v = state.viewport().withWidth(plotWidth());
        viewport(v.zoom(factor, Double.isNaN(plotX) ? v.width() / 2.0 : plotX));
    }

    public void pan(double dx) {
        viewport(state.viewport().withWidth(plotWidth()).pan(dx));
    }

    public void fit() {
        viewport(Viewport.fit(model, plotWidth()));
    }

    public void scrollRows(int rows) {
        int last = Math.max(0, timelineLayout().rows().length - 1);
        setState(state.withFirstRow(Math.min(last, state.firstRow() + rows)));
    }

    /** Sets the viewport and tells the listener (the diff view keeps two views in step). */
    public void viewport(Viewport v) {
        setState(state.withViewport(v));
        onViewport.accept(v);
    }

    private void scroll(ScrollEvent e) {
        if (e.isShiftDown()) {
            scrollRows(e.getDeltaY() > 0 ? -1 : 1);
        } else if (e.getDeltaY() != 0) {
            zoom(e.getDeltaY() > 0 ? 1.25 : 0.8, e.getX() - Layout.GUTTER);
        }
        e.consume();
    }

    private void drag(MouseEvent e) {
        if (!Double.isNaN(rangeFrom)) {
            rangeTo = e.getX();
            dragged = true;
            redraw();
            return;
        }
        if (!Double.isNaN(dragX) && Math.abs(e.getX() - dragX) >= 1) {
            pan(dragX - e.getX());
            dragX = e.getX();
            dragged = true;
        }
    }

    private void release(MouseEvent e) {
        dragX = Double.NaN;
        if (!Double.isNaN(rangeFrom) && !Double.isNaN(rangeTo)) {
            selectRange(rangeFrom, rangeTo);
            return;
        }
        rangeFrom = Double.NaN;
        if (!dragged && e.getButton() == MouseButton.PRIMARY) {
            onPick.accept(pickAt(e.getX(), e.getY()));
        }
    }

    /** Selects the time range between canvas x {@code x0} and {@code x1} (kept drawn until the next click). */
    public void selectRange(double x0, double x1) {
        Layout l = timelineLayout();
        Viewport v = state.viewport().withWidth(l.plotWidth());
        double a = v.t(Math.min(x0, x1) - l.plotX()), b = v.t(Math.max(x0, x1) - l.plotX());
        rangeFrom = x0;
        rangeTo = x1;
        redraw();
        onRange.accept(a, b);
        rangeFrom = Double.NaN;
        rangeTo = Double.NaN;
    }

    /** The event under canvas point (x, y), or -1. */
    public int pickAt(double x, double y) {
        Layout l = timelineLayout();
        int lane = l.laneAt(y);
        if (lane < 0 || x < l.plotX()) {
            return -1;
        }
        return Lod.pick(model, lane, state.viewport().withWidth(l.plotWidth()), x - l.plotX(), 4);
    }

    Canvas canvas() {
        return canvas;
    }
}
