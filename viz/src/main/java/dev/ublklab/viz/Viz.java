package dev.ublklab.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The viewer's API for the command line: {@code ublk-lab view TRACE [OTHER]} calls
 * {@link #view(Path, Path)}, {@code ublk-lab render TRACE OUT} calls {@link #render(Path, Path)}.
 * Every user error is a {@link VizException} with a one-line message.
 */
public final class Viz {
    /** Width of exported images when none is given. */
    public static final int DEFAULT_WIDTH = 1600;

    private Viz() {}

    /**
     * Two traces to compare: as they are when both count in the same unit, else both laid out by
     * event ({@link TraceData#byEvent}), so that a real run (ns) and a simulated one (steps) align.
     */
    static TimelineModel[] pair(Path a, Path b) {
        return pair(TraceLoad.read(a), TraceLoad.read(b));
    }

    static TimelineModel[] pair(TraceData ta, TraceData tb) {
        if (ta.header().stepTime() != tb.header().stepTime()) {
            ta = ta.byEvent();
            tb = tb.byEvent();
        }
        return new TimelineModel[] {TimelineModel.of(ta), TimelineModel.of(tb)};
    }

    /** Reads and lays out a trace. */
    public static TimelineModel load(Path trace) {
        return TimelineModel.of(TraceLoad.read(trace));
    }

    /** Exports {@code trace} to {@code out}; the format follows the extension: .png .svg .json .csv. */
    public static void render(Path trace, Path out) {
        render(trace, out, DEFAULT_WIDTH);
    }

    public static void render(Path trace, Path out, int width) {
        String ext = format(out);
        TimelineModel m = load(trace);
        if (m.mayCycle()) {   // replay the trace only where it can have a cycle
            m.cycleFrom(ModelReplay.of(trace));   // a livelock's lasso by model states, where the scenario is found
        }
        render(m, ext, out, width);
    }

    /** Exports a trace held in memory ({@link TraceLoad#of}), as {@link #render(Path, Path)}. */
    public static void render(TraceData trace, Path out) {
        render(trace, null, out);
    }

    /**
     * As {@link #render(TraceData, Path)}, with the run's model states ({@code states}, may be null):
     * a livelock's lasso is then found by states, as {@link #render(Path, Path)} does for a file.
     */
    public static void render(TraceData trace, StateAt states, Path out) {
        String ext = format(out);
        TimelineModel m = TimelineModel.of(trace);
        m.cycleFrom(states);
        render(m, ext, out, DEFAULT_WIDTH);
    }

    /** The export format {@code out}'s extension names; bad input when it names none. */
    private static String format(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (!ext.equals("png") && !ext.equals("svg") && !ext.equals("json") && !ext.equals("csv")) {
            throw new VizException("unknown output format '" + out + "': use .png, .svg, .json (Perfetto) or .csv");
        }
        return ext;
    }

    private static void render(TimelineModel m, String ext, Path out, int width) {
        OutputFile.write(out, o -> {
            switch (ext) {
                case "png" -> ImageIO.write(png(m, width), "png", o);
                case "svg" -> o.write(svg(m, width).getBytes(StandardCharsets.UTF_8));
                case "json" -> {
                    try (Writer w = writer(o)) {
                        PerfettoExport.write(m, w);
                    }
                }
                default -> {
                    try (Writer w = writer(o)) {
                        CsvExport.write(m, w);
                    }
                }
            }
        });
    }

    /** A UTF-8 writer over {@code o} that flushes, but leaves closing {@code o} to its owner, when closed. */
    private static Writer writer(OutputStream o) {
        return new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8) {
            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /**
     * Exports the diff of two traces as one image (.png or .svg): A above B on one time axis, the
     * first divergence outlined in both and summarised at the top.
     */
    public static void renderDiff(Path a, Path b, Path out) {
        diffFormat(out);
        renderDiff(pair(a, b), out);
    }

    /** As {@link #renderDiff(Path, Path, Path)} for traces held in memory. */
    public static void renderDiff(TraceData a, TraceData b, Path out) {
        diffFormat(out);
        renderDiff(pair(a, b), out);
    }

    private static String diffFormat(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new VizException("unknown diff output format '" + out + "': use .png or .svg");
        }
        return name;
    }

    private static void renderDiff(TimelineModel[] ab, Path out) {
        String name = diffFormat(out);
        TimelineModel ma = ab[0], mb = ab[1];
        int width = DEFAULT_WIDTH, ha = Layout.preferredHeight(ma), hb = Layout.preferredHeight(mb), top = 20;
        Painter p;
        AwtPainter awt = null;
        SvgPainter svg = null;
        if (name.endsWith(".png")) {
            ensureHeadlessAwt();
            p = awt = new AwtPainter(width, top + ha + hb);
        } else {
            p = svg = new SvgPainter(width, top + ha + hb);
        }
        paintDiff(p, ma, mb, width, top, ha, hb);
        AwtPainter image = awt;
        SvgPainter text = svg;
        OutputFile.write(out, o -> {
            if (image != null) {
                ImageIO.write(image.finish(), "png", o);
            } else {
                o.write(text.finish().getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    private static void paintDiff(Painter p, TimelineModel ma, TimelineModel mb, int width, int top, int ha, int hb) {
        TraceDiff d = TraceDiff.of(ma, mb);
        int plot = Math.max(1, width - Layout.GUTTER - Layout.RIGHT);
        double t0 = Math.min(ma.start(), mb.start()), t1 = Math.max(ma.end(), mb.end());
        Viewport vp = new Viewport(t0, t0 + (t1 - t0) * 1.02, plot);
        p.fillRect(0, 0, width, top, TimelineRenderer.BACKGROUND, 1);
        p.text(TraceData.diffLabel(ma.trace().header(), mb.trace().header(), true) + ": " + d.summary(), 6, 14,
                TimelineRenderer.DIFF, 12, true);
        ViewState sa = ViewState.initial(ma, plot).withViewport(vp).withOutlined(bits(d.firstA())).withGap(d.gapA());
        ViewState sb = ViewState.initial(mb, plot).withViewport(vp).withOutlined(bits(d.firstB())).withGap(d.gapB());
        TimelineRenderer.paint(new OffsetPainter(p, top), ma, sa, width, ha);
        TimelineRenderer.paint(new OffsetPainter(p, top + ha), mb, sb, width, hb);
    }

    private static java.util.BitSet bits(int e) {
        java.util.BitSet s = new java.util.BitSet();
        if (e >= 0) {
            s.set(e);
        }
        return s;
    }

    /** The whole trace drawn on an image {@code width} wide. */
    public static BufferedImage png(TimelineModel m, int width) {
        ensureHeadlessAwt();
        int height = Layout.preferredHeight(m);
        AwtPainter p = new AwtPainter(width, height);
        TimelineRenderer.paint(p, m, initialState(m, width), width, height);
        return p.finish();
    }

    /** The whole trace as SVG text. */
    public static String svg(TimelineModel m, int width) {
        int height = Layout.preferredHeight(m);
        SvgPainter p = new SvgPainter(width, height);
        TimelineRenderer.paint(p, m, initialState(m, width), width, height);
        return p.finish();
    }

    /** The state an export shows: all of the trace, the violating step's cursor if any. */
    static ViewState initialState(TimelineModel m, int width) {
        ViewState s = ViewState.initial(m, Math.max(1, width - Layout.GUTTER - Layout.RIGHT));
        Counterexample cx = m.counterexample();
        return cx != null && cx.violatingEvent() >= 0 ? s.withCursor(cx.violatingEvent()) : s;
    }

    private static void ensureHeadlessAwt() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Opens the viewer window on one trace. Blocks until the window is closed. */
    public static void view(Path trace) {
        view(trace, null);
    }

    /** Opens the viewer; with {@code other}, side by side with a diff of the two. Blocks until closed. */
    public static void view(Path trace, Path other) {
        view(trace, other, StateAt.NONE);
    }

    /** As {@link #view(Path, Path)}; {@code stateAt} adds the model state to the details pane. */
    public static void view(Path trace, Path other, StateAt stateAt) {
        view(TraceLoad.read(trace), other == null ? null : TraceLoad.read(other), stateAt);
    }

    /** Opens the viewer on traces held in memory ({@link TraceLoad#of}); {@code other} may be null. */
    public static void view(TraceData trace, TraceData other, StateAt stateAt) {
        TimelineModel[] ab = other == null ? new TimelineModel[] {TimelineModel.of(trace), null} : pair(trace, other);
        ViewerApp.open(ab[0], ab[1], stateAt);
    }

    /** Generates a 1,000,000-event trace, loads it and times frames; prints the numbers to {@code out}. */
    public static void bench(PrintStream out) {
        ensureHeadlessAwt();
        try {
            Path file = Files.createTempFile("ublk-lab-bench", ".jsonl");
            try {
                TraceGenerator.write(file, 1_000_000, 4, 32);
                benchFile(file, out);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new VizException("bench: " + e.getMessage());
        }
    }

    public static void bench() {
        bench(System.out);
    }

    private static void benchFile(Path file, PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "trace: %s (%d MB)%n", file, Files.size(file) >> 20);
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        TraceData data = TraceLoad.read(file);
        long t1 = System.nanoTime();
        TimelineModel m = TimelineModel.of(data);
        long t2 = System.nanoTime();
        long c2 = cpu.getCurrentThreadCpuTime();
        out.printf(Locale.ROOT, "load: %d events in %.0f ms wall, %.0f ms cpu (read %.0f ms, layout %.0f ms);"
                + " target < 3000 ms%n", m.events().size(), (t2 - t0) / 1e6, (c2 - c0) / 1e6, (t1 - t0) / 1e6,
                (t2 - t1) / 1e6);
        int width = DEFAULT_WIDTH, height = Math.min(1000, Layout.preferredHeight(m));
        ViewState s = initialState(m, width);
        for (double zoom : new double[] {1, 10, 1000, 100_000}) {
            ViewState z = s.withViewport(s.viewport().zoom(zoom, s.viewport().width() / 2.0));
            AwtPainter p = new AwtPainter(width, height);
            TimelineRenderer.paint(p, m, z, width, height);
            long f0 = System.nanoTime();
            int prims = 0;
            for (int i = 0; i < 5; i++) {
                prims = TimelineRenderer.paint(p, m, z, width, height);
            }
            long f1 = System.nanoTime();
            out.printf(Locale.ROOT, "frame at zoom x%.0f: %.1f ms, %d lane primitives (java.awt, %dx%d)%n",
                    zoom, (f1 - f0) / 5e6, prims, width, height);
        }
    }
}
