package dev.ublklab.sim;

import dev.ublklab.model.Variant;
import java.util.Map;
import java.util.TreeMap;

/** Test tool: tallies which invariants generated scenarios break, per variant and mode. */
final class ExploreGen {
    public static void main(String[] a) {
        int n = Integer.parseInt(a[0]);
        for (Variant v : new Variant[] {Variant.COPY, Variant.USER_COPY, Variant.ZERO_COPY, Variant.RFC_V1, Variant.RFC_FIXED}) {
            for (Gen.Mode mode : Gen.Mode.values()) {
                Map<String, long[]> t = new TreeMap<>();
                for (long seed = 1; seed <= n; seed++) {
                    final long s = seed;
                    String b = Gen.broken(Gen.scenario(v, mode, seed));
                    if (b != null) {
                        long[] x = t.computeIfAbsent(b, k -> new long[] {0, s});
                        x[0]++;
                    }
                }
                StringBuilder sb = new StringBuilder(v.id() + " " + mode + ":");
                t.forEach((k, x) -> sb.append(' ').append(k).append('=').append(x[0]).append("(seed ").append(x[1]).append(')'));
                System.out.println(sb);
            }
        }
    }
}
