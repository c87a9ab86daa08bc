package dev.ublklab.sim.check;

/**
 * Ends a search cleanly before the heap is full. The used figure counts garbage too, so before
 * giving up it asks for one collection (at most every million states) and looks again.
 */
final class HeapGuard {
    private final Links links;
    private final long minFreeHeap;
    /** The state count at the last collection asked for, 0 before the first. */
    private long lastGc;

    HeapGuard(Links links, long minFreeHeap) {
        this.links = links;
        this.minFreeHeap = minFreeHeap;
    }

    /** True when less than the minimum free heap plus {@code extra} (what the next table growth needs) is left. */
    boolean low(long extra) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (free >= minFreeHeap + extra) {
            return false;
        }
        if (links.size() - lastGc < 1_000_000 && lastGc > 0) {
            return true;
        }
        lastGc = links.size();
        System.gc();
        free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return free < minFreeHeap + extra;
    }
}
