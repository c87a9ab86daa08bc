package dev.ublklab.sim.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.Model;
import dev.ublklab.model.World;
import dev.ublklab.sim.ScenarioCodec;
import dev.ublklab.sim.ScenarioException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint and the canonical World come from one canonical form ({@link CanonicalForm}),
 * checked on every state the bundled scenarios reach (raw states, breadth first; the big ones
 * capped at {@link #CAP}), with the checker's reductions and without:
 * <ul>
 *   <li>the form is the codec's layout: the vector the form writes is exactly
 *   {@code StateCodec.encode} of the World it decodes to;</li>
 *   <li>the form is idempotent: the canonical World's form is the same vector, and its fingerprint
 *   the same;</li>
 *   <li>they agree: two states have equal fingerprints exactly when their canonical Worlds are
 *   equal.</li>
 * </ul>
 */
class CanonicalFormTest {
    static final int CAP = 3_000;

    @Test
    void fingerprintAndCanonicalWorldAgreeOnEveryBundledState() throws IOException, ScenarioException {
        StateCodec codec = StateCodec.world();
        int scenarios = 0;
        long states = 0;
        for (Path f : StateCodecTest.allScenarios()) {
            Model m = new Model(ScenarioCodec.read(f).setup());
            List<World> reached = StateCodecTest.reach(m, CAP);
            for (boolean reduce : new boolean[] {true, false}) {
                Canonicalizer canon = new Canonicalizer(m, reduce);
                Fingerprints fp = canon.fingerprints();
                Map<Long, World> byFingerprint = new HashMap<>();
                Map<World, Long> byCanonical = new HashMap<>();
                for (int i = 0; i < reached.size(); i++) {
                    World w = reached.get(i);
                    String where = f + " reduce=" + reduce + ": state " + i;
                    int[] form = canon.form(w);
                    World c = codec.decode(form);
                    assertArrayEquals(form, codec.encode(c), where + ": the form is not the codec's layout");
                    assertArrayEquals(form, canon.form(c), where + ": the form of the canonical World differs");
                    long h = fp.of(w);
                    assertEquals(h, fp.of(c), where + ": the canonical World's fingerprint differs");
                    World before = byFingerprint.putIfAbsent(h, c);
                    assertEquals(before == null ? c : before, c, where + ": equal fingerprints, different canonical Worlds");
                    Long was = byCanonical.putIfAbsent(c, h);
                    assertEquals(was == null ? h : was, h, where + ": equal canonical Worlds, different fingerprints");
                }
                assertEquals(byFingerprint.size(), byCanonical.size(), f + " reduce=" + reduce);
            }
            states += reached.size();
            scenarios++;
        }
        assertTrue(scenarios >= 50, "bundled and bench scenarios, found " + scenarios);
        assertTrue(states > 50_000, states + " states");
    }
}
