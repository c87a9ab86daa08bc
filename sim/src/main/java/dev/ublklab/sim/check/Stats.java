package dev.ublklab.sim.check;

/**
 * What a check covered and how fast.
 *
 * @param distinct       distinct (canonical) states found
 * @param transitions    steps taken, including those to states seen before
 * @param depth          BFS levels completed (the longest shortest path)
 * @param millis         wall time of the search
 * @param statesPerSecond distinct states per second
 * @param bytesPerState  visited set and predecessor links, per distinct state
 * @param workers        threads used
 * @param reduction      the canonical-form reductions that applied
 * @param liveness       whether livelocks were searched for, and if not why
 */
public record Stats(long distinct, long transitions, int depth, long millis, double statesPerSecond,
                    double bytesPerState, int workers, String reduction, String liveness) {
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%d distinct states, %d transitions, depth %d, %.1f s, %.0f states/s, %.1f bytes/state, %d worker(s), reduction: %s, liveness: %s",
                distinct, transitions, depth, millis / 1000.0, statesPerSecond, bytesPerState, workers, reduction, liveness)
                + String.format(java.util.Locale.ROOT, "; fingerprint collision probability (optimistic) %.1e", collisionProbability());
    }

    /**
     * TLC's optimistic estimate that two of the distinct states shared a 64-bit fingerprint, so that
     * one was wrongly taken as seen: n distinct among m generated (every transition's target and the
     * initial state), n * (m - n) / 2^64.
     */
    public double collisionProbability() {
        return OffHeapFpSet.collisionProbability(distinct, transitions + 1);
    }
}
