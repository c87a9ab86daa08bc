package dev.ublklab.sim.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ublklab.model.World;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A tripwire: {@link CanonicalForm} writes every field of the state by hand (in the codec's
 * layout, which CanonicalFormTest checks on the bundled scenarios' states), and {@link TagRanks}
 * hashes every per-tag field, so a field added to a state record must be taught to both (renamed
 * there if it names a tag, relative if it is a generation). This test pins the state's records
 * and their fields; when it fails, add the new field to CanonicalForm and TagRanks, then update
 * the table here.
 */
class FingerprintSchemaTest {
    private static final Map<String, String> KNOWN = new TreeMap<>(Map.of(
            "World", "ios queues pages backing workers crashed adversary flaws tainted life faults excused backingTaint",
            "IoState", "phase tag result done ends",
            "QueueState", "rqs slots srv ops dying hint bufs",
            "RequestSlot", "io generation state handled",
            "IoSlot", "flags taskWork ref res",
            "SrvTag", "phase io gen op sector bytes done err pc inflight staged registered buf",
            "SrvOp", "kind tag gen pos len fileOff spliceFlags node mark state res",
            "Page", "released tokens",
            "Worker", "queue running pipe loop",
            "Pipe", "bufs consumedByRead"));

    static {
        KNOWN.put("PipeBuf", "page offset len");
        KNOWN.put("Flaw", "kind queue tag io a b");   // kind hashed by its invariant name and phrase
        // rfc-v1 / user-copy additions; each is written by CanonicalForm (SrvOp's spliceFlags, node and mark, IoSlot.res,
        // SrvTag.staged and registered, the splice loop, the adversary count) and renamed there where it holds a tag.
        KNOWN.put("SpliceLoop", "pos fileOff len bytes readLen");
        // zero copy: a ring's registered buffer nodes (CanonicalForm renames their tag, their generation is relative)
        KNOWN.put("FixedBuf", "io queue tag gen write base len slot users");
        // World.life, the mainline lifecycle: one sector vector that CanonicalForm writes as it is,
        // with no tag symmetry on it.
        KNOWN.put("Life", "cells");
    }

    /** Every record reachable from World through record components and List element types. */
    private static Map<String, String> actual() {
        Map<String, String> out = new TreeMap<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(World.class));
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!c.isRecord() || out.containsKey(c.getSimpleName())) {
                continue;
            }
            List<String> names = new ArrayList<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                names.add(rc.getName());
                todo.add(rc.getType());
                Type g = rc.getGenericType();
                if (g instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> e) {
                    todo.add(e);
                }
            }
            out.put(c.getSimpleName(), String.join(" ", names));
        }
        return out;
    }

    @Test
    void fingerprintsKnowEveryFieldOfTheState() {
        assertEquals(KNOWN, actual(), "the model's state records changed: teach CanonicalForm and TagRanks the new fields");
    }
}
