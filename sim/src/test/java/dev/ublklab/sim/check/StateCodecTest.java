package dev.ublklab.sim.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Event;
import dev.ublklab.model.Model;
import dev.ublklab.model.World;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packed form is lossless on every state the bundled scenarios reach: decode(encode(w)) equals
 * w, and encoding the decoded state gives the same vector. The states come from a breadth-first
 * walk over raw (not canonicalised) states with the object model's enabled/stepQuiet, so the test
 * covers whatever the model's records hold, new state included, with no list of fields here.
 */
class StateCodecTest {
    /** Raw states per scenario: every state of the small scenarios, the first ones in BFS order of the bench ones. */
    static final int CAP = 4_000;

    static List<Path> allScenarios() throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("scenarios/copy"))) {
            p = p.getParent();
        }
        try (Stream<Path> s = Files.walk(p.resolve("scenarios"))) {
            return s.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** Raw states reachable from the initial state, breadth first, at most {@code cap}. */
    static List<World> reach(Model m, int cap) {
        Set<World> seen = new HashSet<>();
        List<World> out = new ArrayList<>();
        ArrayDeque<World> queue = new ArrayDeque<>();
        World init = m.initial();
        seen.add(init);
        queue.add(init);
        while (!queue.isEmpty() && out.size() < cap) {
            World w = queue.poll();
            out.add(w);
            for (Event e : m.enabled(w)) {
                World next = m.stepQuiet(w, e).world();
                if (seen.size() < cap && seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return out;
    }

    @Test
    void everyReachedStateSurvivesTheRoundTrip() throws IOException, ScenarioException {
        StateCodec codec = StateCodec.world();
        int scenarios = 0;
        long states = 0;
        int complete = 0;
        for (Path f : allScenarios()) {
            Scenario s = ScenarioCodec.read(f);
            Model m = new Model(s.setup());
            List<World> reached = reach(m, CAP);
            PackedFrontier frontier = new PackedFrontier(codec);
            for (int i = 0; i < reached.size(); i++) {
                World w = reached.get(i);
                int[] v = codec.encode(w);
                World back = codec.decode(v);
                assertEquals(w, back, f + ": state " + i);
                assertArrayEquals(v, codec.encode(back), f + ": state " + i + " re-encoded");
                frontier.add(w, i);
            }
            for (int i = 0; i < reached.size(); i++) {
                assertEquals(reached.get(i), frontier.get(i), f + ": frontier state " + i);
                assertEquals(i, frontier.ord(i));
            }
            complete += reached.size() < CAP ? 1 : 0;
            states += reached.size();
            scenarios++;
        }
        assertTrue(scenarios >= 50, "bundled and bench scenarios, found " + scenarios);
        assertTrue(complete >= 20, "at least 20 scenarios walked to the end, " + complete);
        assertTrue(states > 50_000, states + " states");
    }

    /** Distinct states give distinct vectors (the codec is injective on what it was given). */
    @Test
    void distinctStatesHaveDistinctVectors() throws IOException, ScenarioException {
        Path f = allScenarios().stream().filter(p -> p.toString().endsWith("bench/check-rfc-v1.json")).findFirst().orElseThrow();
        Model m = new Model(ScenarioCodec.read(f).setup());
        Set<List<Integer>> vectors = new HashSet<>();
        List<World> reached = reach(m, 2_000);
        for (World w : reached) {
            vectors.add(java.util.Arrays.stream(StateCodec.world().encode(w)).boxed().toList());
        }
        assertEquals(reached.size(), vectors.size());
    }

    record WithMap(int a, Map<String, Integer> m) {}

    @Test
    void aComponentOfAnUnknownKindIsRefusedByName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateCodec.forRoot(WithMap.class));
        assertTrue(e.getMessage().contains("WithMap.m"), e.getMessage());
    }

    @Test
    void theLayoutNamesEveryWorldComponent() {
        String layout = StateCodec.world().layout();
        for (var rc : World.class.getRecordComponents()) {
            assertTrue(layout.contains("World." + rc.getName() + ":"), rc.getName() + " in\n" + layout);
        }
    }
}
