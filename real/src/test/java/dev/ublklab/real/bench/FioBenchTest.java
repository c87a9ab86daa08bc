package dev.ublklab.real.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.real.bench.FioBench.Cell;
import dev.ublklab.real.bench.FioBench.Sample;
import dev.ublklab.real.ublk.DataPath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** fio's JSON (a real fio 3.33 output of two stonewalled groups) and the report's medians and ratios. */
class FioBenchTest {
    @Test
    void parsesOneSamplePerGroupFromTheSideTheCellMeasures() throws Exception {
        Path json = Path.of(FioBenchTest.class.getResource("/fio/two-cells.json").toURI());
        Map<Cell, Sample> got = FioBench.parseFio(json);
        assertEquals(2, got.size(), got.toString());
        Sample r = got.get(new Cell("randread", 1, 1));
        assertEquals(7500.0, r.iops(), 1e-9);
        assertTrue(r.p50() > 0 && r.p99() >= r.p50(), r.toString());
        Sample w = got.get(new Cell("randwrite", 16, 2));
        assertEquals(53054.545455, w.iops(), 1e-6);
        assertEquals(9895.936, w.p99(), 1e-9);
    }

    @Test
    void reportsMediansAndTheJavaOverKublkRatio() {
        Map<String, Map<Cell, List<Sample>>> r = new LinkedHashMap<>();
        Cell c = FioBench.CELLS.getFirst();
        r.put("kublk copy", Map.of(c, List.of(new Sample(100, 1, 2), new Sample(300, 1, 2), new Sample(200, 1, 2))));
        r.put("java copy", Map.of(c, List.of(new Sample(150, 3, 4), new Sample(50, 3, 4), new Sample(100, 5, 9))));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        FioReport.print(r, List.of(DataPath.COPY), new PrintStream(b, true));
        String out = b.toString();
        assertTrue(out.contains("| randread-qd1-j1 | 200 | 100 | 0.50 |"), out);
        assertTrue(out.contains("| randread-qd1-j1 | 1 / 2 | 3 / 4 |"), out);
        assertEquals(250.0, FioReport.median(List.of(new Sample(200, 0, 0), new Sample(300, 0, 0)), Sample::iops), 1e-9);
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FioBench.parse(new String[] {"--rounds", "0"}));
        assertThrows(IllegalArgumentException.class, () -> FioBench.parse(new String[] {"--kublk", "/no/such/kublk"}));
        assertThrows(IllegalArgumentException.class, () -> FioBench.parse(new String[] {"--bogus", "1"}));
    }
}
