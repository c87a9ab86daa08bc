package dev.ublklab.real.ublk;

import dev.ublklab.real.sys.ErrnoException;
import dev.ublklab.real.sys.Uapi;
import dev.ublklab.real.trace.EventLog;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The ublk server as a daemon (kublk's {@code add --foreground}, and {@code ublk-lab serve}): creates one
 * device, prints {@code ready <devId> /dev/ublkbN}, serves until SIGTERM/SIGINT/SIGHUP (the shutdown hook
 * STOP_DEV+DEL_DEVs it; the JVM then exits 128+signal) or until a queue daemon fails or every tag is
 * aborted from outside (then it deletes the device itself and exits 1). Bad input or a kernel without
 * what is asked gives one line on stderr and exit 2; never a stack trace.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp real/target/classes dev.ublklab.real.ublk.UblkServerMain \
 *   [--target ram|file:PATH] [--size 64M] [--queues 1] [--depth 64] [--mode copy|user-copy|zero-copy]
 *   [--delay-writes-ms N] [--trace FILE.jsonl]
 * </pre>
 * {@code --path} is the older name of {@code --mode}; a bare {@code --target PATH} means {@code file:PATH}.
 */
public final class UblkServerMain {
    private UblkServerMain() {}

    /** {@code size} is null unless --size was given; {@code file} is null for the RAM target. */
    record Options(DataPath path, Long size, int queues, int depth, Path file, long delayWritesMs, Path trace) {
        long ramBytes() { return size == null ? 64L << 20 : size; }
    }

    static final String USAGE = "usage: serve --target ram|file:PATH [--size N] [--queues Q] [--depth D] "
        + "[--mode copy|user-copy|zero-copy]";

    public static void main(String[] args) { System.exit(run(args, System.out, System.err)); }

    /** Parses, serves until a signal ends the JVM, returns the exit code (2: bad input or kernel). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            return serve(parse(args), out, err);
        } catch (UblkException e) {
            err.println("ublk-server: " + e.getMessage());
            return e.exitCode();
        } catch (ErrnoException | IllegalArgumentException e) {
            err.println("ublk-server: " + e.getMessage());
            return 2;
        }
    }

    static Options parse(String[] args) {
        DataPath path = DataPath.COPY;
        Long size = null;
        long delay = 0;
        int queues = 1, depth = 64;
        Path file = null, trace = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'; " + USAGE);
            if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + a);
            String v = args[++i];
            switch (a) {
                case "--mode", "--path" -> path = DataPath.parse(v);
                case "--size" -> size = parseSize(a, v);
                case "--queues" -> queues = intIn(a, v, 1, 4096);
                case "--depth" -> depth = intIn(a, v, 1, Uapi.UBLK_MAX_QUEUE_DEPTH);
                case "--target" -> file = target(v);
                case "--delay-writes-ms" -> delay = intIn(a, v, 0, Integer.MAX_VALUE);
                case "--trace" -> trace = writable(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "; " + USAGE);
            }
        }
        if (file != null && size != null) throw new IllegalArgumentException("--size is for --target ram (a file target has its file's size)");
        if (size != null && (size <= 0 || size % 4096 != 0)) throw new IllegalArgumentException("--size must be a positive multiple of 4096, got " + size);
        return new Options(path, size, queues, depth, file, delay, trace);
    }

    /** ram, or file:PATH naming an existing regular file (never created). */
    private static Path target(String v) {
        if (v.equals("ram")) return null;
        Path p = Path.of(v.startsWith("file:") ? v.substring(5) : v);
        if (!Files.isRegularFile(p)) throw new IllegalArgumentException("--target " + v + ": " + p + " is not an existing regular file");
        if (!Files.isWritable(p)) throw new IllegalArgumentException("--target " + v + ": " + p + " is not writable");
        return p;
    }

    private static Path writable(String v) {
        Path p = Path.of(v).toAbsolutePath();
        Path dir = p.getParent();
        if (Files.isDirectory(p) || dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
            throw new IllegalArgumentException("--trace " + v + ": cannot write there");
        }
        return p;
    }

    private static int intIn(String opt, String v, int lo, int hi) {
        try {
            int n = Integer.parseInt(v);
            if (n >= lo && n <= hi) return n;
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new IllegalArgumentException(opt + " must be an integer in " + lo + ".." + hi + ", got '" + v + "'");
    }

    static long parseSize(String s) { return parseSize("--size", s); }

    /** N, NK, NM or NG (binary units). */
    static long parseSize(String opt, String s) {
        if (s.isEmpty()) throw new IllegalArgumentException(opt + " is empty");
        long mult = switch (s.charAt(s.length() - 1)) {
            case 'K', 'k' -> 1L << 10;
            case 'M', 'm' -> 1L << 20;
            case 'G', 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = mult == 1 ? s : s.substring(0, s.length() - 1);
        try {
            return Math.multiplyExact(Long.parseLong(digits), mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(opt + " must be a size such as 4096, 64M or 1G, got '" + s + "'");
        }
    }

    private static int serve(Options o, PrintStream out, PrintStream err) {
        Target target = o.file() == null ? new RamTarget(o.ramBytes()) : new FileTarget(o.file());
        long delayNanos = o.delayWritesMs() * 1_000_000L;
        RequestHandler handler = delayNanos == 0 ? RequestHandler.CORRECT
            : r -> r.op() == Uapi.UBLK_IO_OP_WRITE ? new Handling.Delay(delayNanos) : Handling.SERVE;
        EventLog trace = o.trace() == null ? EventLog.off() : EventLog.recording();
        CountDownLatch done = new CountDownLatch(1);
        UblkDevice dev;
        try {
            dev = UblkDevice.create(new DeviceConfig(o.queues(), o.depth(), 512 << 10, o.path()), target, handler,
                trace, msg -> err.println("ublk-server: " + msg));
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
        Thread exit = new Thread(() -> {
            dev.close();                       // also done by UblkDevice's own hook; idempotent
            target.close();
            writeTrace(trace, o.trace(), err);
            done.countDown();
        }, "ublk-server-exit");
        Runtime.getRuntime().addShutdownHook(exit);
        out.println("ready " + dev.id() + " " + dev.blockPath());
        out.flush();
        err.println("ublk-server: serving " + (o.file() == null ? "ram " + o.ramBytes() + " bytes" : "file " + o.file())
            + ", " + o.path().word() + ", " + dev.info().nrHwQueues() + " queue(s) x depth " + dev.info().queueDepth()
            + "; SIGINT/SIGTERM stops and deletes the device");
        return awaitEnd(dev, done, exit, err);
    }

    /** Until a signal (the hook counts down) or a queue daemon's end: a failure, or every tag aborted from outside. */
    private static int awaitEnd(UblkDevice dev, CountDownLatch done, Thread exit, PrintStream err) {
        try {
            while (!done.await(200, TimeUnit.MILLISECONDS)) {
                Throwable f = dev.failure();
                if (f == null && !dev.queuesEnded()) continue;
                try {
                    Runtime.getRuntime().removeShutdownHook(exit);
                } catch (IllegalStateException shuttingDown) {
                    continue;                  // a signal: the queues ended because the hook stopped the device
                }
                err.println("ublk-server: " + (f != null ? "queue failed: " + f.getMessage() : "every queue ended (device stopped from outside)"));
                exit.run();
                return 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void writeTrace(EventLog trace, Path file, PrintStream err) {
        if (file == null) return;
        try {
            java.nio.file.Files.writeString(file, dev.ublklab.real.trace.RealEvents.unscripted("ublk-server", trace.entries()));
        } catch (java.io.IOException e) {
            err.println("ublk-server: cannot write trace " + file + ": " + e.getMessage());
        }
    }
}
