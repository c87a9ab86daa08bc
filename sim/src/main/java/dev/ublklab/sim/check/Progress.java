package dev.ublklab.sim.check;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The checker's clock: progress lines on stderr (TLC-like) and the timing in {@link Stats}. This is
 * the one class of model/ and sim/ allowed to read the clock ({@code System.nanoTime}): timing
 * never reaches a state, a verdict or a trace, only the statistics printed about the search.
 */
final class Progress implements AutoCloseable {
    private final long start = System.nanoTime();
    private final PrintStream out;
    private final ScheduledExecutorService timer;
    private volatile long distinct;
    private volatile long queued;
    private volatile int depth;
    private long lastDistinct;
    private long lastNanos = start;

    Progress(PrintStream out, long millis) {
        this.out = out;
        if (out == null) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "check-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::print, millis, millis, TimeUnit.MILLISECONDS);
    }

    void update(long distinctNow, long queuedNow, int depthNow) {
        distinct = distinctNow;
        queued = queuedNow;
        depth = depthNow;
    }

    long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private synchronized void print() {
        long now = System.nanoTime();
        long d = distinct;
        double rate = (d - lastDistinct) * 1e9 / Math.max(1, now - lastNanos);
        lastDistinct = d;
        lastNanos = now;
        Runtime rt = Runtime.getRuntime();
        long usedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
        out.println(String.format(Locale.ROOT, "Progress(%d) at %.0fs: %d distinct states, %d states left on queue, %.0f states/s, heap %d MB",
                depth, (now - start) / 1e9, d, queued, rate, usedMb));
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
