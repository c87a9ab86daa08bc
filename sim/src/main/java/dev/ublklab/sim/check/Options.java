package dev.ublklab.sim.check;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Knobs of one exhaustive check.
 *
 * @param invariants  names to check; null means every one that applies to the setup's server
 * @param workers     threads that expand states; the result does not depend on it
 * @param maxStates   stop with {@link CheckResult.LimitReached} after this many distinct states
 * @param symmetry    canonicalise states (tag symmetry and the other reductions of {@link Fingerprints})
 * @param graph       write the state graph here (.dot or .graphml), or null
 * @param graphLimit  keep the state graph (for livelocks and export) only up to this many states
 * @param minimise    minimise counterexamples with {@link TraceMinimizer}
 * @param progress    where progress lines go every {@code progressMillis}, or null for none
 * @param minFreeHeap stop cleanly when less heap than this is left
 * @param packedFrontier hold each BFS level as packed vectors ({@link PackedFrontier}) instead of
 *                    object graphs; the result does not depend on it
 */
public record Options(List<String> invariants, int workers, long maxStates, boolean symmetry, Path graph,
                      int graphLimit, boolean minimise, PrintStream progress, long progressMillis, long minFreeHeap,
                      boolean packedFrontier) {
    public Options {
        invariants = invariants == null ? null : List.copyOf(invariants);
        if (workers < 1 || maxStates < 1 || graphLimit < 0 || progressMillis < 1) {
            throw new IllegalArgumentException("workers, maxStates and progressMillis must be positive");
        }
    }

    public static Options defaults() {
        return new Options(null, 1, 50_000_000L, true, null, 200_000, true, null, 5000,
                Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 10), false);
    }

    public Options withInvariants(List<String> v) {
        return new Options(v, workers, maxStates, symmetry, graph, graphLimit, minimise, progress, progressMillis, minFreeHeap, packedFrontier);
    }

    public Options withWorkers(int v) {
        return new Options(invariants, v, maxStates, symmetry, graph, graphLimit, minimise, progress, progressMillis, minFreeHeap, packedFrontier);
    }

    public Options withMaxStates(long v) {
        return new Options(invariants, workers, v, symmetry, graph, graphLimit, minimise, progress, progressMillis, minFreeHeap, packedFrontier);
    }

    public Options withSymmetry(boolean v) {
        return new Options(invariants, workers, maxStates, v, graph, graphLimit, minimise, progress, progressMillis, minFreeHeap, packedFrontier);
    }

    public Options withGraph(Path v) {
        return new Options(invariants, workers, maxStates, symmetry, v, graphLimit, minimise, progress, progressMillis, minFreeHeap, packedFrontier);
    }

    public Options withGraphLimit(int v) {
        return new Options(invariants, workers, maxStates, symmetry, graph, v, minimise, progress, progressMillis, minFreeHeap, packedFrontier);
    }

    public Options withMinimise(boolean v) {
        return new Options(invariants, workers, maxStates, symmetry, graph, graphLimit, v, progress, progressMillis, minFreeHeap, packedFrontier);
    }

    public Options withProgress(PrintStream v, long millis) {
        return new Options(invariants, workers, maxStates, symmetry, graph, graphLimit, minimise, v, millis, minFreeHeap, packedFrontier);
    }

    public Options withMinFreeHeap(long v) {
        return new Options(invariants, workers, maxStates, symmetry, graph, graphLimit, minimise, progress, progressMillis, v, packedFrontier);
    }

    public Options withPackedFrontier(boolean v) {
        return new Options(invariants, workers, maxStates, symmetry, graph, graphLimit, minimise, progress, progressMillis, minFreeHeap, v);
    }
}
