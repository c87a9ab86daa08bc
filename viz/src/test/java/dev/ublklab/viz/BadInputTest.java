package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Damaged traces (every line cut at many places, fields given wrong values) either load or fail
 * with a one-line {@link VizException}: never another exception. Deterministic: the damage is
 * enumerated, not random.
 */
class BadInputTest {
    private static final String[][] SWAPS = {
        {"\"tag\":0", "\"tag\":\"x\""}, {"\"tag\":1", "\"tag\":-7"}, {"\"queue\":0", "\"queue\":-5"},
        {"\"queue\":0", "\"queue\":3"}, {"\"t\":5", "\"t\":\"abc\""}, {"\"io\":\"w1\"", "\"io\":7"},
        {"\"io\":\"r1\"", "\"io\":{\"a\":1}"}, {"\"sqe\":\"BACKEND_WRITE\"", "\"sqe\":null"},
        {"\"completed\":\"w1\"", "\"completed\":\"zz\""}, {"\"type\":\"fetch\"", "\"type\":3"},
        {"\"depth\":2", "\"depth\":0"}, {"\"ios\":[", "\"ios\":7,\"x\":["}, {"\"seq\":3,", ""},
        {"\"end\":{", "\"end\":{\"x\":[1,2],"}, {"\"verdict\":\"passed\"", "\"verdict\":1"},
    };

    @Test
    void damagedTracesFailCleanly() throws Exception {
        String text = Files.readString(Traces.path("copy-basic.jsonl"));
        List<String> variants = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int l = 0; l < lines.length; l++) {
            for (int cut = 0; cut < lines[l].length(); cut += 5) {
                String[] copy = lines.clone();
                copy[l] = lines[l].substring(0, cut);
                variants.add(String.join("\n", copy) + "\n");
            }
        }
        for (String[] swap : SWAPS) {
            variants.add(text.replace(swap[0], swap[1]));
        }
        for (String v : variants) {
            try {
                TimelineModel m = TimelineModel.of(TraceLoad.read("damaged", new BufferedReader(new StringReader(v))));
                Viz.svg(m, 400);
                CsvExport.write(m, new java.io.StringWriter());
                PerfettoExport.write(m, new java.io.StringWriter());
            } catch (VizException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            } catch (Exception | AssertionError e) {
                fail("not a VizException for input:\n" + v, e);
            }
        }
    }
}
