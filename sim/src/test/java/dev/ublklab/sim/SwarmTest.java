package dev.ublklab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A swarm tallies every invariant a seed breaks, with the smallest seed, not only each seed's first. */
class SwarmTest {
    static final String MULTI = """
            {"description": "rfc-v1, adversarial budget 1, one READ",
             "config": {"queues": 1, "depth": 1, "variant": "rfc-v1", "sectors": 16},
             "ios": [{"id": "r1", "op": "READ", "queue": 0, "sector": 0, "bytes": 4096}],
             "server": {"policy": "adversarial", "budget": 1}, "expect": {}, "seed": 1}
            """;

    /** Violations beyond each seed's second: counted by the swarm, not by severalInOneSeed. */
    private static int extraBeyondTheSecond(Scenario s) {
        Simulator sim = Simulator.of(s);
        int n = 0;
        for (long seed = 1; seed <= 300; seed++) {
            n += Math.max(0, sim.runAll(Chooser.random(seed)).broken().size() - 2);
        }
        return n;
    }

    @Test
    void everyInvariantAnySeedBrokeIsTallied() throws ScenarioException {
        Scenario s = ScenarioCodec.parse(MULTI, "multi.json");
        Swarm.Totals all = Swarm.run(s, 1, 300, d -> { });
        // The old tally: each seed's first violation only, from the stop-at-first run.
        Map<String, Swarm.Tally> first = new TreeMap<>();
        Simulator sim = Simulator.of(s);
        int severalInOneSeed = 0;
        for (long seed = 1; seed <= 300; seed++) {
            Run r = sim.run(Chooser.random(seed), false);
            if (r.invariant() != null) {
                first.merge(r.invariant(), new Swarm.Tally(1, seed), (a, b) -> new Swarm.Tally(a.count() + 1, a.smallestSeed()));
                Simulator.AllBroken every = sim.runAll(Chooser.random(seed));
                assertEquals(r.invariant(), every.broken().get(0), "seed " + seed + ": the first violation is the same");
                severalInOneSeed += every.broken().size() > 1 ? 1 : 0;
            }
        }
        assertTrue(severalInOneSeed > 0, "some seed breaks more than one invariant");
        int tallied = all.tallies().values().stream().mapToInt(Swarm.Tally::count).sum();
        int firsts = first.values().stream().mapToInt(Swarm.Tally::count).sum();
        assertEquals(firsts + severalInOneSeed, tallied - extraBeyondTheSecond(s), all.tallies() + " vs " + first);
        for (Map.Entry<String, Swarm.Tally> e : first.entrySet()) {
            Swarm.Tally t = all.tallies().get(e.getKey());
            assertTrue(t.count() >= e.getValue().count(), e.getKey());
            assertTrue(t.smallestSeed() <= e.getValue().smallestSeed(), e.getKey());
        }
    }
}
