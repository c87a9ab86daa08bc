package dev.ublklab.viz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A horizontal bar chart of a fidelity campaign's COVERAGE.csv (kernel, category, item,
 * kernel_scenarios, model_scenarios): per row, in how many scenarios the real kernel showed the item
 * (solid) and the model's own runs did (outline). Rows the model shows and the kernel never did are
 * labelled in red: the campaign's warning list. PNG or SVG through the timeline's painters.
 */
public final class CoverageChart {
    private static final int ROW = 16, LABEL = 420, BAR = 360, TOP = 40;

    /** One CSV row. */
    record Row(String kernel, String category, String item, long kernel_, long model) {}

    private CoverageChart() {}

    /** Reads COVERAGE.csv; a malformed line is bad input naming the file and line. */
    static List<Row> read(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VizException(csv + ": cannot read: " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.getFirst().startsWith("kernel,category,item,")) {
            throw new VizException(csv + ": not a COVERAGE.csv (expected the header kernel,category,item,kernel_scenarios,model_scenarios)");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) continue;
            int q1 = l.indexOf(",\""), q2 = l.lastIndexOf("\",");
            String[] head = q1 < 0 ? new String[0] : l.substring(0, q1).split(",");
            String[] tail = q2 < 0 ? new String[0] : l.substring(q2 + 2).split(",");
            if (head.length != 2 || tail.length != 2) throw new VizException(csv + ": line " + (i + 1) + ": expected 5 fields");
            try {
                rows.add(new Row(head[0], head[1], l.substring(q1 + 2, q2), Long.parseLong(tail[0].trim()), Long.parseLong(tail[1].trim())));
            } catch (NumberFormatException e) {
                throw new VizException(csv + ": line " + (i + 1) + ": counts must be integers");
            }
        }
        return rows;
    }

    /** Draws {@code csv} to {@code out} (.png or .svg). */
    public static void render(Path csv, Path out) {
        List<Row> rows = read(csv);
        long max = 1;
        for (Row r : rows) max = Math.max(max, Math.max(r.kernel_(), r.model()));
        int width = LABEL + BAR + 80, height = TOP + ROW * rows.size() + 20;
        String name = out.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1);
        try {
            switch (ext) {
                case "png" -> {
                    AwtPainter p = new AwtPainter(width, height);
                    draw(p, rows, max, width, height);
                    ImageIO.write(p.finish(), "png", out.toFile());
                }
                case "svg" -> {
                    SvgPainter p = new SvgPainter(width, height);
                    draw(p, rows, max, width, height);
                    Files.writeString(out, p.finish(), StandardCharsets.UTF_8);
                }
                default -> throw new VizException(out + ": a coverage chart is .png or .svg, not ." + ext);
            }
        } catch (IOException e) {
            throw new VizException(out + ": cannot write: " + e.getMessage());
        }
    }

    private static void draw(Painter p, List<Row> rows, long max, int width, int height) {
        p.fillRect(0, 0, width, height, 0xFFFFFF, 1);
        p.text("coverage of the model by the kernel: scenarios (solid: kernel, outline: model runs; red: model only)",
            8, 20, 0x202020, 12, true);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double y = TOP + i * ROW;
            boolean warn = r.kernel_() == 0 && r.model() > 0;
            p.text(r.kernel() + " " + r.category() + " " + r.item(), 8, y + 11, warn ? 0xC01010 : 0x303030, 10, warn);
            double k = BAR * (double) r.kernel_() / max, m = BAR * (double) r.model() / max;
            p.fillRect(LABEL, y + 2, k, ROW - 5, 0x3070C0, 0.85);
            if (m > 0) p.strokeRect(LABEL, y + 2, m, ROW - 5, 0x404040, 1);
            p.text(r.kernel_() + "/" + r.model(), LABEL + Math.max(k, m) + 4, y + 11, 0x303030, 10, false);
        }
    }
}
