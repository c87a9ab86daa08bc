package dev.ublklab.real.ublk;

import dev.ublklab.real.sys.ErrnoException;
import dev.ublklab.real.sys.Uapi;
import dev.ublklab.real.trace.EventLog;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Command-line ublk server: creates one device, prints {@code ready <devId> /dev/ublkbN}, serves until
 * SIGTERM/SIGINT (the shutdown hook STOP_DEV+DEL_DEVs it). Bad input or a kernel without what is asked
 * gives one line on stderr and exit 2; never a stack trace.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp real/target/classes dev.ublklab.real.ublk.UblkServerMain \
 *   [--path copy|user-copy|zero-copy] [--size 64M] [--queues 1] [--depth 64] [--target ram|FILE]
 *   [--delay-writes-ms N] [--trace FILE.jsonl]
 * </pre>
 */
public final class UblkServerMain {
    private UblkServerMain() {}

    record Options(DataPath path, long size, int queues, int depth, String target, long delayWritesMs, Path trace) {}

    public static void main(String[] args) {
        int rc;
        try {
            rc = serve(parse(args));
        } catch (UblkException e) {
            System.err.println("ublk-server: " + e.getMessage());
            rc = e.exitCode();
        } catch (ErrnoException | IllegalArgumentException e) {
            System.err.println("ublk-server: " + e.getMessage());
            rc = 2;
        }
        System.exit(rc);
    }

    static Options parse(String[] args) {
        DataPath path = DataPath.COPY;
        long size = 64L << 20, delay = 0;
        int queues = 1, depth = 64;
        String target = "ram";
        Path trace = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + a);
            String v = args[++i];
            switch (a) {
                case "--path" -> path = DataPath.parse(v);
                case "--size" -> size = parseSize(v);
                case "--queues" -> queues = Integer.parseInt(v);
                case "--depth" -> depth = Integer.parseInt(v);
                case "--target" -> target = v;
                case "--delay-writes-ms" -> delay = Long.parseLong(v);
                case "--trace" -> trace = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new Options(path, size, queues, depth, target, delay, trace);
    }

    static long parseSize(String s) {
        long mult = switch (s.charAt(s.length() - 1)) {
            case 'K', 'k' -> 1L << 10;
            case 'M', 'm' -> 1L << 20;
            case 'G', 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = mult == 1 ? s : s.substring(0, s.length() - 1);
        return Long.parseLong(digits) * mult;
    }

    private static int serve(Options o) {
        Target target = o.target().equals("ram") ? new RamTarget(o.size()) : new FileTarget(Path.of(o.target()));
        long delayNanos = o.delayWritesMs() * 1_000_000L;
        RequestHandler handler = delayNanos == 0 ? RequestHandler.CORRECT
            : r -> r.op() == Uapi.UBLK_IO_OP_WRITE ? new Handling.Delay(delayNanos) : Handling.SERVE;
        EventLog trace = o.trace() == null ? EventLog.off() : EventLog.recording();
        CountDownLatch forever = new CountDownLatch(1);
        UblkDevice dev = UblkDevice.create(new DeviceConfig(o.queues(), o.depth(), 512 << 10, o.path()), target, handler,
            trace, msg -> System.err.println("ublk-server: " + msg));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dev.close();                       // also done by UblkDevice's own hook; idempotent
            writeTrace(trace, o.trace());
            forever.countDown();
        }, "ublk-server-exit"));
        System.out.println("ready " + dev.id() + " " + dev.blockPath());
        System.out.flush();
        try {
            forever.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void writeTrace(EventLog trace, Path file) {
        if (file == null) return;
        try {
            java.nio.file.Files.writeString(file, dev.ublklab.real.trace.RealEvents.unscripted("ublk-server", trace.entries()));
        } catch (java.io.IOException e) {
            System.err.println("ublk-server: cannot write trace " + file + ": " + e.getMessage());
        }
    }
}
