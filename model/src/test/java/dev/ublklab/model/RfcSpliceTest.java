package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ublklab.model.IoState.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class RfcSpliceTest {
    private static Drive correct(int pipeSlots, int chunk, IoSpec... ios) {
        return new Drive(Drive.setup(Drive.config(Variant.RFC_V1, 1, 2, pipeSlots, 1), new ServerSpec.Correct(chunk), ios));
    }

    @Test
    void correctWriteSplicesPagesIntoBacking() {
        Drive d = correct(16, 0, Drive.io("w", ReqOp.WRITE, 8, 2));
        d.runToEnd(100);
        assertEquals(Phase.COMPLETED, d.w.io(0).phase());
        assertEquals(8192, d.w.io(0).result());
        assertNull(Invariants.unfinished(d.m, d.w));
        assertEquals(List.of(), d.violated());
        assertTrue(Token.isData(d.w.backing().get(8)));
        assertTrue(d.trace.stream().anyMatch(e -> e instanceof Event.SpliceConsume));
    }

    @Test
    void correctReadFillsRequestPagesFromBacking() {
        Drive d = correct(16, 0, Drive.io("r", ReqOp.READ, 16, 2));
        d.runToEnd(100);
        assertEquals(8192, d.w.io(0).result());
        assertEquals(List.of(), d.violated());
        assertEquals(Token.backing(16, 0), d.w.pages().get(0).tokens().get(0));
        assertEquals(Pipe.EMPTY, d.worker(0).pipe());
    }

    @Test
    void crashBetweenProducerAndConsumerLetsTheConsumerWriteReleasedPages() {
        Drive d = new Drive(Drive.setupCrash(Drive.config(Variant.RFC_V1, 1, 1, 16, 1), new ServerSpec.Correct(0),
                Drive.io("r", ReqOp.READ, 8, 1)));
        while (!d.has(Event.SpliceRead.class)) {
            d.step(e -> !(e instanceof Event.Crash));
        }
        d.step(Event.SpliceRead.class);
        d.step(Event.Crash.class);
        d.step(Event.Abort.class);
        d.step(Event.ReleasePages.class);
        d.step(Event.SpliceConsume.class);
        assertEquals(List.of("no-page-after-release"), d.violated());
    }
}
