package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV's phase columns add up to its total, in simulator traces as in real ones. */
class CsvSumTest {
    private static int checkSums(TimelineModel m) throws Exception {
        StringWriter w = new StringWriter();
        CsvExport.write(m, w);
        List<String> lines = w.toString().lines().toList();
        List<String> head = List.of(lines.get(0).split(","));
        int first = head.indexOf("waiting"), total = head.indexOf("total");
        int checked = 0;
        for (String row : lines.subList(1, lines.size())) {
            String[] f = row.split(",", -1);
            if (f[total].isEmpty()) {
                continue;   // never completed: no total
            }
            long sum = 0;
            for (int c = first; c < total; c++) {
                sum += Long.parseLong(f[c]);
            }
            assertEquals(Long.parseLong(f[total]), sum, m.trace().header().scenario() + ": " + row);
            checked++;
        }
        return checked;
    }

    @Test
    void phasesSumToTheTotalInSimulatorTraces() throws Exception {
        int ios = 0;
        for (String s : List.of("copy/read-basic.json", "copy/write-basic.json", "copy/mixed-reorder.json",
                "copy/short-commit-requeue.json", "copy/tag-exhaustion-depth2.json", "copy/two-queues.json",
                "rfc-v1/read-write-basic.json", Traces.FINDING)) {
            ios += checkSums(Traces.simModel(s));
        }
        assertTrue(ios >= 17, "IOs checked: " + ios);
    }

    @Test
    void phasesSumToTheTotalInRealTraces() throws Exception {
        assertTrue(checkSums(Traces.model("real-basic.jsonl")) >= 1);
    }
}
