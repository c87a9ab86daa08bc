package dev.ublklab.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.sim.Prng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The off-heap visited set against a HashMap, through growth, and under concurrent inserts. */
class OffHeapFpSetTest {
    /**
     * Fingerprints with repeats and 0 among them; the first few hundred with clustered high bits
     * (the same home lines, probing across line boundaries and the table's end). Only a few: a
     * fingerprint is a strong mix, and long clusters make linear probing quadratic.
     */
    private static long[] keys(long seed, int n) {
        Prng r = new Prng(seed);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long x = r.nextLong();
            int kind = i < 600 ? i % 5 : i % 1000 == 0 ? 0 : 3;
            out[i] = switch (kind) {
                case 0 -> 0L;
                case 1 -> x & 0xffff;
                case 2 -> x | 0xfff0_0000_0000_0000L;
                default -> x % 3 == 0 && i > 10 ? out[i / 2] : x;
            };
        }
        return out;
    }

    @Test
    void membershipAndValuesMatchAMapThroughGrowth() {
        OffHeapFpSet set = new OffHeapFpSet(16, true);
        Map<Long, Integer> ref = new HashMap<>();
        long[] ks = keys(7, 200_000);
        long slots0 = set.slots();
        for (int i = 0; i < ks.length; i++) {
            long k = ks[i] == 0 ? 1 : ks[i];
            boolean fresh = ref.putIfAbsent(k, i) == null;
            assertEquals(fresh, set.add(ks[i], i), "key " + i);
        }
        assertTrue(set.slots() > slots0 * 10, "grew");
        assertEquals(ref.size(), set.size());
        for (long k : ks) {
            assertTrue(set.contains(k));
            assertEquals((int) ref.get(k == 0 ? 1 : k), set.get(k));
        }
        for (long k : keys(8, 10_000)) {
            assertEquals(ref.containsKey(k == 0 ? 1 : k), set.contains(k));
        }
        assertTrue(set.size() <= set.slots() * OffHeapFpSet.MAX_LOAD);
        set.dropValues();
        assertEquals(set.slots() * 8, set.bytes());
    }

    @Test
    void concurrentInsertsAddEachFingerprintOnce() throws Exception {
        long[] ks = keys(11, 400_000);
        OffHeapFpSet set = new OffHeapFpSet(ks.length, false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int start = t;
                // Every thread inserts every key, in a different order: each key is won by exactly one.
                tasks.add(() -> {
                    int won = 0;
                    for (int i = 0; i < ks.length; i++) {
                        won += set.findOrInsert(ks[(i * 7 + start * 100_003) % ks.length], 0) ? 1 : 0;
                    }
                    return won;
                });
            }
            long won = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                won += f.get();
            }
            java.util.Set<Long> distinct = new java.util.HashSet<>();
            for (long k : ks) {
                distinct.add(k == 0 ? 1 : k);
            }
            assertEquals(distinct.size(), won);
            assertEquals(distinct.size(), set.size());
            for (long k : ks) {
                assertTrue(set.contains(k));
            }
            assertFalse(set.contains(0x1234_5678_9abc_def1L) && !distinct.contains(0x1234_5678_9abc_def1L));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void collisionProbabilityIsTlcsOptimisticEstimate() {
        assertEquals(0.0, OffHeapFpSet.collisionProbability(10, 10));
        assertEquals(1e6 * 4e6 / Math.pow(2, 64), OffHeapFpSet.collisionProbability(1_000_000, 5_000_000), 1e-20);
    }
}
