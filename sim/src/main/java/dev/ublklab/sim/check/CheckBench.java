package dev.ublklab.sim.check;

import dev.ublklab.model.Config;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Model;
import dev.ublklab.model.Recovery;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.Segment;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ublk-lab bench check}: the checker's throughput on one setup (scenarios/bench/check-*.json,
 * one per variant): distinct states per second with one worker and with every core, and the bytes
 * each state costs in the fingerprint-only visited set.
 *
 * <p>Arguments (all optional): number of IOs (default 5: 1.45 million states), depth (3), chunk bytes (2048),
 * maxStates (3000000).
 */
public final class CheckBench {
    private CheckBench() {}

    /** The benchmark setup: {@code ios} IOs alternating READ and WRITE on one queue of {@code depth} tags, submitted in any order. */
    public static Setup setup(int ios, int depth, int chunk) {
        Config c = new Config(1, depth, Variant.COPY, 16, 1, 4096, 512, 65536, TagPolicy.ANY, Recovery.OFF, 64, KernelVersion.SIMPLIFIED);
        List<IoSpec> specs = new ArrayList<>();
        for (int i = 0; i < ios; i++) {
            ReqOp op = i % 2 == 0 ? ReqOp.READ : ReqOp.WRITE;
            specs.add(new IoSpec((op == ReqOp.READ ? "r" : "w") + i, op, 0, 8L * (i % 4), List.of(new Segment(0, 4096)), null));
        }
        return new Setup(c, specs, new ServerSpec.Correct(chunk), List.of(), false);
    }

    public static void main(String[] args) {
        int ios = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
        long max = args.length > 3 ? Long.parseLong(args[3]) : 3_000_000L;
        run(new Model(setup(ios, depth, chunk)), max, System.out);
    }

    /** Runs the check with 1 worker and with every core; prints one line each and the speedup. */
    public static void run(Model model, long maxStates, PrintStream out) {
        int cores = Runtime.getRuntime().availableProcessors();
        out.println("bench check: " + model.config().variant().id() + " variant, " + model.setup().ios().size() + " IOs, depth "
                + model.config().depth() + ", chunk " + model.setup().server().chunk() + ", maxStates " + maxStates
                + ", " + cores + " cores");
        Options base = Options.defaults().withMaxStates(maxStates).withGraphLimit(0).withMinimise(false)
                .withProgress(System.err, 5000);
        // Warm-up: let the JIT compile the model and the checker before anything is timed.
        Checker.check(model, base.withWorkers(1).withMaxStates(Math.min(maxStates, 200_000)).withProgress(null, 5000));
        long cpu0 = cpuNanos();
        CheckResult one = Checker.check(model, base.withWorkers(1));
        long cpu1 = cpuNanos();
        print(out, "1 worker", one, cpu1 - cpu0);
        long cpu2 = cpuNanos();
        CheckResult packed = Checker.check(model, base.withWorkers(1).withPackedFrontier(true));
        print(out, "1 packed", packed, cpuNanos() - cpu2);
        cpu1 = cpuNanos();
        if (cores > 1) {
            CheckResult all = Checker.check(model, base.withWorkers(cores));
            print(out, cores + " workers", all, cpuNanos() - cpu1);
            out.println(String.format(Locale.ROOT, "speedup %.2fx with %d workers (targets: 500,000 states/s with 1 worker,"
                    + " 1.7x with 2, 16 bytes/state)", all.stats().statesPerSecond() / one.stats().statesPerSecond(), cores));
        }
    }

    /**
     * CPU time of the whole process (every thread, GC included): on a shared machine wall time
     * says as much about the neighbours as about the checker, so both are printed. Statistics only.
     */
    private static long cpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static void print(PrintStream out, String label, CheckResult r, long cpu) {
        Stats s = r.stats();
        out.println(String.format(Locale.ROOT,
                "%-10s %s; %,d distinct states, %,d transitions, depth %d, %.2f s wall, %,.0f states/s, %.2f s CPU, %,.0f states per CPU-second, %.1f bytes/state, collision probability %.1e",
                label, r.headline(), s.distinct(), s.transitions(), s.depth(), s.millis() / 1000.0, s.statesPerSecond(),
                cpu / 1e9, s.distinct() / Math.max(1e-9, cpu / 1e9), s.bytesPerState(), s.collisionProbability()));
    }

    /**
     * How the cost grows: states and seconds of one worker for the first 1..{@code maxIos} IOs of
     * {@code base} at depth 1..{@code maxDepth}, as a table (rows: IOs, columns: depth). A cell whose
     * search hit {@code maxStates} shows the states covered with "+" (the real count is larger).
     */
    public static void growth(String name, Setup base, int maxIos, int maxDepth, long maxStates, PrintStream out) {
        Options o = Options.defaults().withWorkers(1).withMaxStates(maxStates).withGraphLimit(0).withMinimise(false);
        Checker.check(new Model(base), o.withMaxStates(Math.min(maxStates, 100_000)));   // warm-up
        out.println("growth " + name + " (" + base.config().variant().id() + "): distinct states and seconds, 1 worker, limit "
                + String.format(Locale.ROOT, "%,d", maxStates));
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-6s", "IOs"));
        for (int d = 1; d <= maxDepth; d++) {
            head.append(String.format(Locale.ROOT, "| %-24s", "depth " + d));
        }
        out.println(head);
        for (int n = 1; n <= Math.min(maxIos, base.ios().size()); n++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-6d", n));
            for (int d = 1; d <= maxDepth; d++) {
                Config c = base.config();
                Config cd = new Config(c.queues(), d, c.variant(), c.pipeSlots(), c.workers(), c.pageSize(), c.sectorSize(),
                        c.maxIoBytes(), c.tagPolicy(), c.recovery(), c.sectors(), c.kernel());
                Setup s = new Setup(cd, base.ios().subList(0, n), base.server(), base.crashes(), base.inOrder());
                CheckResult r = Checker.check(new Model(s), o);
                String states = String.format(Locale.ROOT, "%,d%s", r.stats().distinct(), r instanceof CheckResult.LimitReached ? "+" : "");
                row.append(String.format(Locale.ROOT, "| %-13s %8.2f s ", states, r.stats().millis() / 1000.0));
            }
            out.println(row);
            out.flush();
        }
    }
}
