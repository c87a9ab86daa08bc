package dev.ublklab.real.bench;

import dev.ublklab.real.client.IoClient;
import dev.ublklab.real.client.IoClient.Io;
import dev.ublklab.real.client.IoClient.Result;
import dev.ublklab.real.sys.ErrnoException;
import dev.ublklab.real.trace.Trace;
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

    public static void main(String[] args) {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
        int n1 = args.length > 1 ? Integer.parseInt(args[1]) : 8000;
        int n64 = args.length > 2 ? Integer.parseInt(args[2]) : 60000;
        System.out.println("seed=" + seed);
        try {
            List<Figure> all = new ArrayList<>();
            List<DataPath> paths = new ArrayList<>(List.of(DataPath.COPY, DataPath.USER_COPY));
            try (Control c = Control.open()) {
                long features = c.getFeatures();
                System.out.println("kernel " + System.getProperty("os.version") + " GET_FEATURES=0x" + Long.toHexString(features));
                if ((features & Uapi.UBLK_F_SUPPORT_ZERO_COPY) != 0) paths.add(DataPath.ZERO_COPY);
                else System.out.println("zero-copy: skipped, no UBLK_F_SUPPORT_ZERO_COPY in this kernel");
            }
            for (DataPath path : paths) {
                try (RamTarget ram = new RamTarget(SIZE);
                     UblkDevice dev = UblkDevice.create(new DeviceConfig(1, 128, 512 << 10, path), ram,
                         RequestHandler.CORRECT, Trace.off(), System.out::println)) {
                    all.addAll(measure("ublk " + path.word(), dev.blockPath(), seed, n1, n64));
                }
            }
            all.addAll(loopDevice(seed, n1, n64));
            report(all);
            System.exit(0);
        } catch (UblkException e) {
            System.err.println("real-bench: " + e.getMessage());
            System.exit(e.exitCode());
        } catch (ErrnoException | IOException e) {
            System.err.println("real-bench: " + e.getMessage());
            System.exit(1);
        }
    }

    static List<Figure> measure(String name, Path device, long seed, int n1, int n64) {
        List<Figure> out = new ArrayList<>();
        for (int qd : new int[] {1, 64}) {
            int n = qd == 1 ? n1 : n64;
            try (IoClient c = new IoClient(device, SIZE, qd, BLOCK, Trace.off())) {
                c.run(randomReads(seed + 99, Math.min(n, 2000)));     // warm up the JIT and the path
                long t0 = System.nanoTime();
                List<Result> rs = c.run(randomReads(seed + qd, n));
                long wall = System.nanoTime() - t0;
                for (Result r : rs) if (r.res() != BLOCK) throw new IllegalStateException(name + ": read res " + r.res());
                long[] lat = rs.stream().mapToLong(Result::latencyNanos).sorted().toArray();
                out.add(new Figure(name, qd, n, n * 1e9 / wall, pct(lat, 50) / 1e3, pct(lat, 99) / 1e3));
                System.out.println(out.getLast());
            }
        }
        return out;
    }

    static double pct(long[] sorted, int p) { return sorted[(int) Math.min(sorted.length - 1, (long) sorted.length * p / 100)]; }

    static List<Io> randomReads(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Io> ios = new ArrayList<>(n);
        for (int i = 0; i < n; i++) ios.add(new Io(i, false, rnd.nextLong(SIZE / BLOCK) * BLOCK, List.of(BLOCK)));
        return ios;
    }

    /** The kernel loop device over a tmpfs file (/dev/shm), set up and torn down with losetup. */
    static List<Figure> loopDevice(long seed, int n1, int n64) throws IOException {
        Path backing = Path.of("/dev/shm/ublk-lab-bench.img");
        Files.write(backing, new byte[(int) SIZE]);
        String loop = sh("losetup", "--find", "--show", backing.toString());
        if (loop == null || !loop.startsWith("/dev/loop")) {
            Files.deleteIfExists(backing);
            System.out.println("loop device unavailable (losetup said: " + loop + "); no ratio");
            return List.of();
        }
        try {
            return measure("loop over tmpfs", Path.of(loop), seed, n1, n64);
        } finally {
            sh("losetup", "-d", loop);
            Files.deleteIfExists(backing);
        }
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

    static void report(List<Figure> all) {
        System.out.println("--- 4 KiB random reads, O_DIRECT, io_uring; ratio = IOPS / loop IOPS at the same QD ---");
        for (Figure f : all) {
            double loop = all.stream().filter(g -> g.device().startsWith("loop") && g.qd() == f.qd())
                .mapToDouble(Figure::iops).findFirst().orElse(Double.NaN);
            System.out.println(f + String.format("  ratio=%.2f", f.iops() / loop));
        }
    }
}
