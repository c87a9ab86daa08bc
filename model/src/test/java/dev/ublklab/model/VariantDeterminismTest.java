package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model is a function: for the splice, user-copy and zero-copy variants, the same choices give equal
 * states, equal enabled lists and equal facts at every step, and a fresh Model of the same setup
 * agrees with the first. Choices come from a fixed SplitMix64 stream (no java.util.Random).
 */
class VariantDeterminismTest {
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static List<Object> walk(Setup s, long seed) {
        Model m = new Model(s);
        World w = m.initial();
        List<Object> out = new ArrayList<>();
        long state = seed;
        for (int i = 0; i < 400; i++) {
            List<Event> en = m.enabled(w);
            if (en.isEmpty()) {
                break;
            }
            state += 0x9E3779B97F4A7C15L;
            Event e = en.get((int) Long.remainderUnsigned(mix(state), en.size()));
            Outcome.Next n = m.step(w, e);
            out.add(en);
            out.add(n.facts());
            w = n.world();
            out.add(w);
        }
        return out;
    }

    @Test
    void sameChoicesSameRunForEveryNewVariant() {
        for (Variant v : new Variant[] {Variant.RFC_V1, Variant.USER_COPY, Variant.RFC_FIXED, Variant.ZERO_COPY}) {
            for (ServerSpec server : List.of(new ServerSpec.Correct(0), new ServerSpec.Correct(2048),
                    new ServerSpec.Adversarial(2, 0))) {
                Setup s = new Setup(Drive.config(v, 1, 2, 2, 2), List.of(Drive.io("r", ReqOp.READ, 0, 2),
                        Drive.io("w", ReqOp.WRITE, 16, 1), Drive.io("r2", ReqOp.READ, 16, 1)), server, List.of(0), false);
                for (long seed = 1; seed <= 20; seed++) {
                    assertEquals(walk(s, seed), walk(s, seed), v.id() + " " + server + " seed " + seed);
                }
            }
        }
    }
}
