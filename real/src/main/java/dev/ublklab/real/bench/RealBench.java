package dev.ublklab.real.bench;

import dev.ublklab.real.client.IoClient;
import dev.ublklab.real.client.IoClient.Io;
import dev.ublklab.real.client.IoClient.Completion;
import dev.ublklab.real.sys.ErrnoException;
import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.sys.Uapi;
import dev.ublklab.real.ublk.Control;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.DeviceConfig;
import dev.ublklab.real.ublk.RamTarget;
import dev.ublklab.real.ublk.RequestHandler;
import dev.ublklab.real.ublk.UblkDevice;
import dev.ublklab.real.ublk.UblkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * 4 KiB random reads (O_DIRECT, io_uring) at QD1 and QD64 against this project's ublk server (RAM target;
 * copy and user-copy) and against the kernel loop device over a tmpfs file in the same machine, for a
 * ratio. Meant for the VM: only ratios measured in the same boot mean anything (TCG, shared host).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -cp real/target/classes \
 *   dev.ublklab.real.bench.RealBench [seed] [ios-at-qd1] [ios-at-qd64]</pre>
 */
public final class RealBench {
    private RealBench() {}

    static final long SIZE = 64L << 20;
    static final int BLOCK = 4096;

    record Figure(String device, int qd, long ios, double iops, double p50Micros, double p99Micros) {
        @Override
        public String toString() {
            return String.format("%-22s qd=%-3d ios=%-7d iops=%9.0f p50=%8.1f us p99=%8.1f us", device, qd, ios, iops,
                p50Micros, p99Micros);
        }
    }

    /** A device under test and the measurements taken on it so far. */
    record Subject(String name, Path device, List<Double> iops1, List<Double> iops64, List<long[]> lat1, List<long[]> lat64) {
        Subject(String name, Path device) { this(name, device, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()); }
    }

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
        int n1 = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        int n64 = args.length > 2 ? Integer.parseInt(args[2]) : 60000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.println("seed=" + seed + " qd1-ios=" + n1 + " qd64-ios=" + n64 + " rounds=" + rounds);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            List<Subject> subjects = setUp(open);
            // rounds interleave the devices, so that a host whose load drifts hurts them alike
            for (int round = 0; round < rounds; round++) {
                for (Subject s : subjects) measure(s, seed + round, n1 / rounds, n64 / rounds);
            }
            report(subjects);
            closeAll(open);
            System.exit(0);
        } catch (UblkException e) {
            System.err.println("real-bench: " + e.getMessage());
            closeAll(open);
            System.exit(e.exitCode());
        } catch (ErrnoException | IOException e) {
            System.err.println("real-bench: " + e.getMessage());
            closeAll(open);
            System.exit(1);
        }
    }

    private static List<Subject> setUp(List<AutoCloseable> open) throws IOException {
        List<DataPath> paths = new ArrayList<>(List.of(DataPath.COPY, DataPath.USER_COPY));
        try (Control c = Control.open()) {
            long features = c.getFeatures();
            System.out.println("kernel " + System.getProperty("os.version") + " GET_FEATURES=0x" + Long.toHexString(features));
            if ((features & Uapi.UBLK_F_SUPPORT_ZERO_COPY) != 0) paths.add(DataPath.ZERO_COPY);
            else System.out.println("zero-copy: skipped, no UBLK_F_SUPPORT_ZERO_COPY in this kernel");
        }
        List<Subject> subjects = new ArrayList<>();
        for (DataPath path : paths) {
            RamTarget ram = new RamTarget(SIZE);
            open.add(ram);
            UblkDevice dev = UblkDevice.create(new DeviceConfig(1, 128, 512 << 10, path), ram, RequestHandler.CORRECT,
                EventLog.off(), System.out::println);
            open.addFirst(dev);
            subjects.add(new Subject("ublk " + path.word(), dev.blockPath()));
        }
        Path loop = loopDevice(open);
        if (loop != null) subjects.add(new Subject("loop over tmpfs", loop));
        return subjects;
    }

    private static void closeAll(List<AutoCloseable> open) {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("real-bench: teardown: " + e.getMessage());
            }
        }
        open.clear();
    }

    static void measure(Subject s, long seed, int n1, int n64) {
        for (int qd : new int[] {1, 64}) {
            int n = qd == 1 ? n1 : n64;
            try (IoClient c = new IoClient(s.device(), SIZE, qd, BLOCK, EventLog.off())) {
                c.run(randomReads(seed + 99, Math.min(n, 1000)));     // warm up the JIT and the path
                long t0 = System.nanoTime();
                List<Completion> rs = c.run(randomReads(seed + qd, n));
                long wall = System.nanoTime() - t0;
                for (Completion r : rs) if (r.res() != BLOCK) throw new IllegalStateException(s.name() + ": read res " + r.res());
                long[] lat = rs.stream().mapToLong(Completion::latencyNanos).toArray();
                (qd == 1 ? s.iops1() : s.iops64()).add(n * 1e9 / wall);
                (qd == 1 ? s.lat1() : s.lat64()).add(lat);
                System.out.printf("  %-18s qd=%-3d %8.0f iops%n", s.name(), qd, n * 1e9 / wall);
            }
        }
    }

    static double pct(long[] sorted, int p) { return sorted[(int) Math.min(sorted.length - 1, (long) sorted.length * p / 100)]; }

    static List<Io> randomReads(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Io> ios = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ios.add(new Io(i, false, rnd.nextLong(SIZE / BLOCK) * BLOCK, List.of(BLOCK)));
        return ios;
    }

    /** The kernel loop device over a tmpfs file (/dev/shm), set up with losetup; detached by {@code open}. */
    static Path loopDevice(List<AutoCloseable> open) throws IOException {
        Path backing = Path.of("/dev/shm/ublk-lab-bench.img");
        Files.write(backing, new byte[(int) SIZE]);
        open.add(() -> Files.deleteIfExists(backing));
        String loop = sh("losetup", "--find", "--show", backing.toString());
        if (loop == null || !loop.startsWith("/dev/loop")) {
            System.out.println("loop device unavailable (losetup said: " + loop + "); no ratio");
            return null;
        }
        open.addFirst(() -> sh("losetup", "-d", loop));
        return Path.of(loop);
    }

    private static String sh(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    static long[] merged(List<long[]> parts) {
        return parts.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
    }

    static void report(List<Subject> subjects) {
        System.out.println("--- 4 KiB random reads, O_DIRECT, io_uring; iops = median of rounds;"
            + " ratio = iops / loop iops at the same QD ---");
        Subject loop = subjects.stream().filter(s -> s.name().startsWith("loop")).findFirst().orElse(null);
        for (int qd : new int[] {1, 64}) {
            for (Subject s : subjects) {
                List<Double> iops = qd == 1 ? s.iops1() : s.iops64();
                long[] lat = merged(qd == 1 ? s.lat1() : s.lat64());
                double ratio = loop == null ? Double.NaN : median(iops) / median(qd == 1 ? loop.iops1() : loop.iops64());
                System.out.println(new Figure(s.name(), qd, lat.length, median(iops), pct(lat, 50) / 1e3, pct(lat, 99) / 1e3)
                    + String.format("  ratio=%.2f", ratio));
            }
        }
    }
}
