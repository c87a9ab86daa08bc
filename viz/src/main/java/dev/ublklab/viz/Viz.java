package dev.ublklab.viz;

import java.awt.image.BufferedImage;
import java.io.IOException;
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

    /** Reads and lays out a trace. */
    public static TimelineModel load(Path trace) {
        return TimelineModel.of(TraceLoad.read(trace));
    }

    /** Exports {@code trace} to {@code out}; the format follows the extension: .png .svg .json .csv. */
    public static void render(Path trace, Path out) {
        render(trace, out, DEFAULT_WIDTH);
    }

    public static void render(Path trace, Path out, int width) {
        checkFormat(out);
        render(load(trace), out, width);
    }

    /** Exports a trace held in memory ({@link TraceLoad#of}), as {@link #render(Path, Path)}. */
    public static void render(TraceData trace, Path out) {
        checkFormat(out);
        render(TimelineModel.of(trace), out, DEFAULT_WIDTH);
    }

    private static void checkFormat(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (!ext.equals("png") && !ext.equals("svg") && !ext.equals("json") && !ext.equals("csv")) {
            throw new VizException("unknown output format '" + out + "': use .png, .svg, .json (Perfetto) or .csv");
        }
    }

    private static String ext(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
    }

    private static void render(TimelineModel m, Path out, int width) {
        String ext = ext(out);
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            switch (ext) {
                case "png" -> ImageIO.write(png(m, width), "png", out.toFile());
                case "svg" -> Files.writeString(out, svg(m, width), StandardCharsets.UTF_8);
                case "json" -> {
                    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                        PerfettoExport.write(m, w);
                    }
                }
                default -> {
                    try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                        CsvExport.write(m, w);
                    }
                }
            }
        } catch (IOException e) {
            throw new VizException("cannot write " + out + ": " + e.getMessage());
        }
    }

    /**
     * Exports the diff of two traces as one image (.png or .svg): A above B on one time axis, the
     * first divergence outlined in both and summarised at the top.
     */
    public static void renderDiff(Path a, Path b, Path out) {
        checkDiffFormat(out);
        renderDiff(load(a), load(b), out);
    }

    /** As {@link #renderDiff(Path, Path, Path)} for traces held in memory. */
    public static void renderDiff(TraceData a, TraceData b, Path out) {
        checkDiffFormat(out);
        renderDiff(TimelineModel.of(a), TimelineModel.of(b), out);
    }

    private static void checkDiffFormat(Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".svg")) {
            throw new VizException("unknown diff output format '" + out + "': use .png or .svg");
        }
    }

    private static void renderDiff(TimelineModel ma, TimelineModel mb, Path out) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
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
        try {
            if (awt != null) {
                ImageIO.write(awt.finish(), "png", out.toFile());
            } else {
                Files.writeString(out, svg.finish(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new VizException("cannot write " + out + ": " + e.getMessage());
        }
    }

    private static void paintDiff(Painter p, TimelineModel ma, TimelineModel mb, int width, int top, int ha, int hb) {
        TraceDiff d = TraceDiff.of(ma, mb);
        int plot = Math.max(1, width - Layout.GUTTER - Layout.RIGHT);
        double t0 = Math.min(ma.start(), mb.start()), t1 = Math.max(ma.end(), mb.end());
        Viewport vp = new Viewport(t0, t0 + (t1 - t0) * 1.02, plot);
        p.fillRect(0, 0, width, top, TimelineRenderer.BACKGROUND, 1);
        p.text("A (top) vs B (bottom): " + d.summary(), 6, 14, TimelineRenderer.DIFF, 12, true);
        ViewState sa = ViewState.initial(ma, plot).withViewport(vp).withOutlined(bits(d.firstA()));
        ViewState sb = ViewState.initial(mb, plot).withViewport(vp).withOutlined(bits(d.firstB()));
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
        TimelineModel a = TimelineModel.of(trace);
        TimelineModel b = other == null ? null : TimelineModel.of(other);
        ViewerApp.open(a, b, stateAt);
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
