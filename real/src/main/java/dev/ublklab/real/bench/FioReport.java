package dev.ublklab.real.bench;

import dev.ublklab.real.bench.FioBench.Cell;
import dev.ublklab.real.bench.FioBench.Sample;
import dev.ublklab.real.ublk.DataPath;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** FioBench's tables: median IOPS per cell and device with the ratio Java/kublk per mode, then p50/p99. */
final class FioReport {
    private FioReport() {}

    static double median(List<Sample> xs, ToDoubleFunction<Sample> f) {
        double[] v = xs.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** For a Java subject ("java MODE", "java-c2 MODE"): kublk's results in the same mode, else null. */
    private static Map<Cell, List<Sample>> kublkOf(String name, Map<String, Map<Cell, List<Sample>>> r) {
        int sp = name.indexOf(' ');
        return name.startsWith("java") && sp > 0 ? r.get("kublk" + name.substring(sp)) : null;
    }

    static void print(Map<String, Map<Cell, List<Sample>>> r, List<DataPath> modes, PrintStream out) {
        List<String> names = new ArrayList<>(r.keySet());
        int rounds = r.values().stream().flatMap(m -> m.values().stream()).mapToInt(List::size).max().orElse(0);
        out.println("fio-bench: IOPS, median of " + rounds + " rounds; ratio = java / kublk in the same mode and cell");
        StringBuilder h = new StringBuilder("| cell |");
        for (String n : names) {
            h.append(' ').append(n).append(" |");
            if (kublkOf(n, r) != null) h.append(' ').append(n.substring(0, n.indexOf(' '))).append("/kublk |");
        }
        out.println(h);
        out.println(h.toString().replaceAll("[^|]+", "---"));
        for (Cell c : FioBench.CELLS) {
            StringBuilder b = new StringBuilder("| " + c.name() + " |");
            for (String n : names) {
                double iops = median(r.get(n).getOrDefault(c, List.of()), Sample::iops);
                b.append(String.format(" %.0f |", iops));
                Map<Cell, List<Sample>> k = kublkOf(n, r);
                if (k != null) b.append(String.format(" %.2f |", iops / median(k.getOrDefault(c, List.of()), Sample::iops)));
            }
            out.println(b);
        }
        out.println("fio-bench: completion latency p50 / p99 in microseconds (medians over rounds)");
        StringBuilder lh = new StringBuilder("| cell |");
        for (String n : names) lh.append(' ').append(n).append(" |");
        out.println(lh);
        out.println(lh.toString().replaceAll("[^|]+", "---"));
        for (Cell c : FioBench.CELLS) {
            StringBuilder b = new StringBuilder("| " + c.name() + " |");
            for (String n : names) {
                List<Sample> xs = r.get(n).getOrDefault(c, List.of());
                b.append(String.format(" %.0f / %.0f |", median(xs, Sample::p50), median(xs, Sample::p99)));
            }
            out.println(b);
        }
    }
}
