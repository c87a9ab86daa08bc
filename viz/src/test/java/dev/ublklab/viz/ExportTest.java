package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {
    /** Set -Dviz.updateGolden=true to rewrite the golden image (then look at it before committing). */
    private static final boolean UPDATE = Boolean.getBoolean("viz.updateGolden");

    @Test
    void pngMatchesGoldenImageWithinTolerance(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("copy-basic.png");
        Viz.render(Traces.path("copy-basic.jsonl"), out, 800);
        matchesGolden(out, "copy-basic.png");
    }

    /**
     * The labelled timeline of the README's finding with r1 selected: IO ids and SQE names on the
     * bars, r1's arrows through the worker and the adversary's commit, the red violation mark apart
     * from the blue cursor. Headless java.awt with DejaVu (fonts-dejavu-core), so it is deterministic.
     */
    @Test
    void labelledTimelineOfTheFindingMatchesGolden(@TempDir Path dir) throws Exception {
        TimelineModel m = Traces.simModel(Traces.FINDING);
        int width = 1000, height = Layout.preferredHeight(m);
        ViewState s = Viz.initialState(m, width).withSelection(m.events().ioIds().indexOf("r1")).withCursor(5);
        AwtPainter p = new AwtPainter(width, height);
        TimelineRenderer.paint(p, m, s, width, height);
        Path out = dir.resolve("finding-labelled.png");
        ImageIO.write(p.finish(), "png", out.toFile());
        SvgPainter svg = new SvgPainter(width, height);
        TimelineRenderer.paint(svg, m, s, width, height);
        String text = svg.finish();
        assertTrue(text.contains(">r1 SPLICE</text>"), "the bar says its IO and SQE");
        assertTrue(text.contains("<title>r1 transfer SPLICE [6, "), "SVG hover text on the bar");
        assertTrue(text.contains("<title>#11 t=11 spliceConsume"), "SVG hover text on the event");
        matchesGolden(out, "finding-labelled.png");
    }

    private static void matchesGolden(Path out, String name) throws Exception {
        Path golden = Path.of("src/test/resources/golden/" + name);
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.copy(out, golden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        BufferedImage got = ImageIO.read(out.toFile());
        BufferedImage want = ImageIO.read(golden.toFile());
        assertEquals(want.getWidth(), got.getWidth());
        assertEquals(want.getHeight(), got.getHeight());
        // Compare 8x8 block averages: another FreeType or DejaVu build may move glyph pixels a little,
        // which averages out, while a missing lane, bar or colour changes whole blocks.
        int blocks = 0, differ = 0;
        for (int by = 0; by + 8 <= got.getHeight(); by += 8) {
            for (int bx = 0; bx + 8 <= got.getWidth(); bx += 8) {
                blocks++;
                if (distance(average(got, bx, by), average(want, bx, by)) > 24) {
                    differ++;
                }
            }
        }
        assertTrue(differ <= blocks / 100, differ + " of " + blocks + " blocks differ");
    }

    private static int average(BufferedImage img, int bx, int by) {
        int r = 0, g = 0, b = 0;
        for (int y = by; y < by + 8; y++) {
            for (int x = bx; x < bx + 8; x++) {
                int c = img.getRGB(x, y);
                r += (c >> 16) & 0xFF;
                g += (c >> 8) & 0xFF;
                b += c & 0xFF;
            }
        }
        return (r / 64) << 16 | (g / 64) << 8 | b / 64;
    }

    private static int distance(int a, int b) {
        int d = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            d = Math.max(d, Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF)));
        }
        return d;
    }

    @Test
    void pngShowsPhaseColoursWhereTheModelSaysSo() {
        TimelineModel m = Traces.model("copy-basic.jsonl");
        BufferedImage img = Viz.png(m, 800);
        ViewState s = Viz.initialState(m, 800);
        Layout l = Layout.of(m, s, 800, img.getHeight());
        int y = l.laneY(m.tagLane(0, 0)) + Layout.LANE / 2;
        int x = l.plotX() + (int) s.viewport().x(12); // inside w1's transfer [10,14)
        assertEquals(Phase.TRANSFER.rgb(), img.getRGB(x, y) & 0xFFFFFF);
    }

    @Test
    void sameTraceSameBytes(@TempDir Path dir) throws Exception {
        for (String ext : List.of("png", "svg", "json", "csv")) {
            Path a = dir.resolve("a." + ext), b = dir.resolve("b." + ext);
            Viz.render(Traces.path("splice-violated.jsonl"), a);
            Viz.render(Traces.path("splice-violated.jsonl"), b);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), ext);
        }
    }

    @Test
    void svgHasLanesLegendAndPinnedInvariant() {
        String svg = Viz.svg(Traces.model("splice-violated.jsonl"), 900);
        assertTrue(svg.startsWith("<?xml"));
        assertTrue(svg.contains(">io-wq 0</text>"));
        assertTrue(svg.contains("violated: no-page-after-release at step 10"));
        assertTrue(svg.contains("fill=\"#fb8c00\""), "transfer colour used");
        assertTrue(svg.contains(">transfer</text>"), "legend");
        assertTrue(svg.trim().endsWith("</svg>"));
        org.w3c.dom.Document doc = assertDoesNotThrow(() -> javax.xml.parsers.DocumentBuilderFactory.newInstance()
                .newDocumentBuilder().parse(new java.io.ByteArrayInputStream(svg.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertEquals("svg", doc.getDocumentElement().getTagName(), "well-formed XML");
    }

    @Test
    void perfettoJsonParsesBackWithOneFlowPerIo(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("trace.json");
        Viz.render(Traces.path("copy-basic.jsonl"), out);
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        Map<String, Integer> phases = new HashMap<>();
        Map<String, Integer> threadNames = new HashMap<>();
        Map<Long, String> flows = new HashMap<>();
        Map<Long, java.util.Set<String>> flowThreads = new HashMap<>();
        int instants = 0;
        List<String> flowTs = new java.util.ArrayList<>();
        List<double[]> slices = new java.util.ArrayList<>();
        List<String> sliceThread = new java.util.ArrayList<>();
        for (JsonNode e : root.get("traceEvents")) {
            String thread = e.path("pid").asInt() + "/" + e.path("tid").asInt();
            if (e.get("ph").asText().equals("X")) {
                slices.add(new double[] {e.get("ts").asDouble(), e.get("ts").asDouble() + e.get("dur").asDouble()});
                sliceThread.add(thread);
            }
            switch (e.get("ph").asText()) {
                case "X" -> {
                    if (e.get("cat").asText().equals("phase")) {
                        phases.merge(e.get("args").get("io").asText(), 1, Integer::sum);
                        assertTrue(e.get("name").asText().startsWith(e.get("args").get("io").asText() + " "
                                + e.get("args").get("phase").asText()), "slice named by IO and phase: " + e);
                    }
                }
                case "M" -> threadNames.merge(e.get("args").get("name").asText(), 1, Integer::sum);
                case "i" -> {
                    instants++;
                    assertTrue(e.get("args").get("seq").isNumber(), "numbers as numbers: " + e);
                }
                case "s", "t", "f" -> {
                    flows.merge(e.get("id").asLong(), e.get("ph").asText(), String::concat);
                    flowThreads.computeIfAbsent(e.get("id").asLong(), k -> new java.util.HashSet<>()).add(thread);
                    flowTs.add(thread + "@" + e.get("ts").asDouble());
                }
                default -> { }
            }
        }
        assertEquals(Map.of("w1", 7, "r1", 7), phases);
        assertEquals(20, instants);
        assertTrue(threadNames.containsKey("queue 0") && threadNames.containsKey("q0 tag 1"), threadNames.toString());
        assertEquals(2, flows.size(), "one flow per IO");
        for (Map.Entry<Long, String> f : flows.entrySet()) {
            assertTrue(f.getValue().matches("st+f"), f.toString());
            assertTrue(flowThreads.get(f.getKey()).size() >= 2, "the flow crosses tracks: " + flowThreads);
        }
        String commit = root.get("traceEvents").findValues("args").stream()
                .filter(a -> a.has("sqe") && a.get("sqe").asText().equals("COMMIT_AND_FETCH_REQ") && a.has("result"))
                .findFirst().orElseThrow().get("result").getNodeType().name();
        assertEquals("NUMBER", commit, "a numeric fact is a JSON number");
        assertEquals(1, root.get("traceEvents").get(0).get("pid").asInt());
        for (String f : flowTs) {
            String thread = f.substring(0, f.indexOf('@'));
            double ts = Double.parseDouble(f.substring(f.indexOf('@') + 1));
            long inside = java.util.stream.IntStream.range(0, slices.size())
                    .filter(i -> sliceThread.get(i).equals(thread) && slices.get(i)[0] < ts && ts < slices.get(i)[1]).count();
            assertEquals(1, inside, "flow event " + f + " lies strictly inside exactly one slice");
        }
    }

    @Test
    void perfettoMarksTheViolationAndItsFlowReachesTheWorker() throws Exception {
        TimelineModel m = Traces.simModel(Traces.FINDING);
        java.io.StringWriter w = new java.io.StringWriter();
        PerfettoExport.write(m, w);
        JsonNode root = new ObjectMapper().readTree(w.toString());
        JsonNode violation = null;
        java.util.Set<Integer> flowPids = new java.util.HashSet<>();
        for (JsonNode e : root.get("traceEvents")) {
            if (e.get("ph").asText().equals("i") && e.get("s").asText().equals("g")) {
                violation = e;
            }
            if (e.get("ph").asText().matches("[stf]")) {
                flowPids.add(e.get("pid").asInt());
            }
        }
        assertNotNull(violation, "an instant event for the violation");
        assertEquals("violated: no-page-after-release", violation.get("name").asText());
        assertEquals(11, violation.get("ts").asInt(), "at the violating step");
        assertEquals(java.util.Set.of(1, 2), flowPids, "r1's flow goes from queue 0 to io-wq and back");
    }

    @Test
    void perfettoSlicesNestOnEveryThread(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("trace.json");
        Viz.render(Traces.path("splice-violated.jsonl"), out);
        Map<String, Double> lastEnd = new HashMap<>();
        int async = 0;
        for (JsonNode e : new ObjectMapper().readTree(out.toFile()).get("traceEvents")) {
            String ph = e.get("ph").asText();
            if (ph.equals("X")) {
                String thread = e.get("pid").asInt() + "/" + e.get("tid").asInt();
                double ts = e.get("ts").asDouble();
                assertTrue(ts >= lastEnd.getOrDefault(thread, Double.NEGATIVE_INFINITY), "overlap on " + thread);
                lastEnd.put(thread, ts + e.get("dur").asDouble());
            }
            async += ph.equals("b") ? 1 : 0;
        }
        assertEquals(3, async, "the wait, the splice round and the backend operation");
    }

    @Test
    void diffImageStacksBothTraces(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("diff.svg"), png = dir.resolve("diff.png");
        Viz.renderDiff(Traces.path("copy-basic.jsonl"), Traces.path("copy-basic-aborted.jsonl"), svg);
        Viz.renderDiff(Traces.path("copy-basic.jsonl"), Traces.path("copy-basic-aborted.jsonl"), png);
        String text = Files.readString(svg);
        assertTrue(text.contains("A (top) vs B (bottom): first divergence: #15 t=15 execute"), text);
        assertEquals(2, text.split("stroke=\"#d500f9\"", -1).length - 1, "divergence outlined once in each");
        assertEquals(20 + 2 * Layout.preferredHeight(Traces.model("copy-basic.jsonl")), ImageIO.read(png.toFile()).getHeight());
    }

    @Test
    void csvHasPerIoPhaseLatencies(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("lat.csv");
        Viz.render(Traces.path("copy-basic.jsonl"), out);
        List<String> lines = Files.readAllLines(out);
        assertEquals("io,op,queue,unit,submit,complete,ioResult,waiting,tag,dispatched,delivered,fetched,transfer,"
                + "served,commit,aborted,total", lines.get(0));
        assertEquals("w1,WRITE,0,step,1,16,4096,2,2,1,2,2,4,2,1,0,16", lines.get(1));
        assertEquals(3, lines.size());
    }

    @Test
    void badOutputsAreOneLineErrors(@TempDir Path dir) {
        VizException e = assertThrows(VizException.class,
                () -> Viz.render(Traces.path("copy-basic.jsonl"), dir.resolve("x.gif")));
        assertTrue(e.getMessage().startsWith("unknown output format"), e.getMessage());
        VizException missing = assertThrows(VizException.class,
                () -> Viz.render(dir.resolve("none.jsonl"), dir.resolve("x.png")));
        assertTrue(missing.getMessage().startsWith("trace file not found"));
    }

    /**
     * A real trace's bars (ns rarely fall on a pixel) are labelled and have hover titles as a
     * simulator trace's are: every IO of a 6.12 recording on two queues, its waiting bar included.
     */
    @Test
    void aRealTracesBarsAreLabelledAndTitled(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("real.svg");
        Viz.render(Traces.path("real-two-queues.jsonl"), svg, 1000);
        String text = Files.readString(svg);
        for (String io : List.of("w1", "w2", "r1", "f1")) {
            assertTrue(text.contains("<title>" + io + " waiting ["), io + "'s waiting bar has a title");
            assertTrue(text.contains(">" + io + "</text>"), io + " is written on a bar");
        }
        assertTrue(text.contains("<title>w2 commit COMMIT_AND_FETCH_REQ ["), "w2's commit bar has a title");
    }
}
