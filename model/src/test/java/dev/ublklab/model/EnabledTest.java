package dev.ublklab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnabledTest {
    private static final Event.AllocTag[][] ALLOCS = new Event.AllocTag[3][8];

    static {
        for (int io = 0; io < 3; io++) {
            for (int t = 0; t < 8; t++) {
                ALLOCS[io][t] = new Event.AllocTag(io, 0, t);
            }
        }
    }

    /** Runs of AllocTag events between plain events read back exactly as the materialised list. */
    @Test
    void runsReadBackAsTheEventsTheyStandFor() {
        Enabled e = new Enabled(1, ALLOCS);
        List<Event> want = new ArrayList<>();
        e.add(new Event.Submit(2));
        want.add(new Event.Submit(2));
        e.addAllocs(0, 0b1011_0100L);
        for (int t : new int[] {2, 4, 5, 7}) {
            want.add(ALLOCS[0][t]);
        }
        e.addAllocs(1, 0);                       // no free tag: nothing
        e.addAllocs(1, 0b1L);
        want.add(ALLOCS[1][0]);
        for (int k = 0; k < 20; k++) {           // past the initial capacity
            e.add(new Event.ReleasePages(k));
            want.add(new Event.ReleasePages(k));
        }
        e.addAllocs(2, 0b1100_0000L);
        want.add(ALLOCS[2][6]);
        want.add(ALLOCS[2][7]);
        assertEquals(want.size(), e.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), e.get(i), "index " + i);
        }
        assertEquals(want, e);
        assertEquals(want.indexOf(ALLOCS[0][5]), e.indexOf(ALLOCS[0][5]));
        assertThrows(IndexOutOfBoundsException.class, () -> e.get(want.size()));
    }
}
