package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverageChartTest {
    @TempDir
    Path dir;

    @Test
    void drawsEveryRowAndMarksModelOnlyRows() throws Exception {
        Path csv = dir.resolve("COVERAGE.csv");
        Files.writeString(csv, "kernel,category,item,kernel_scenarios,model_scenarios\n"
            + "6.12,event,\"Fetch\",40,40\n6.12,outcome,\"Cqe res=-22\",0,3\n");
        assertEquals(2, CoverageChart.read(csv).size());
        Path svg = dir.resolve("c.svg");
        CoverageChart.render(csv, svg);
        String text = Files.readString(svg);
        assertTrue(text.contains("6.12 event Fetch") && text.contains("Cqe res=-22") && text.contains("40/40"), text);
        assertTrue(text.contains("#c01010") || text.contains("#C01010"), "the model-only row is red");
        Path png = dir.resolve("c.png");
        CoverageChart.render(csv, png);
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void badInputNamesTheFileAndLine() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "kernel,category,item,kernel_scenarios,model_scenarios\n6.12,event,\"Fetch\",x,1\n");
        VizException e = assertThrows(VizException.class, () -> CoverageChart.read(csv));
        assertTrue(e.getMessage().contains("bad.csv: line 2"), e.getMessage());
        Files.writeString(csv, "seq,t\n");
        assertThrows(VizException.class, () -> CoverageChart.read(csv));
    }
}
