package dev.ublklab.viz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;

/** The viewer knows every event type of the trace contract, so no trace is refused as malformed. */
class VocabularyTest {
    @Test
    void everyTraceEventTypeIsKnown() {
        for (dev.ublklab.trace.EventType type : dev.ublklab.trace.EventType.values()) {
            assertNotNull(EventType.ofWire(type.wire()), "the viewer does not know event type " + type.wire());
        }
    }
}
