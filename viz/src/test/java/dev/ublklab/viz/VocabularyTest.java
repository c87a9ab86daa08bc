package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ublklab.sim.TraceCodec;
import org.junit.jupiter.api.Test;

/** The viewer knows every event type the model can write, so no model trace is refused as malformed. */
class VocabularyTest {
    @Test
    void everyModelEventTypeIsKnown() {
        for (String type : TraceCodec.types()) {
            assertNotNull(EventType.ofWire(type), "the viewer does not know event type " + type);
        }
    }
}
