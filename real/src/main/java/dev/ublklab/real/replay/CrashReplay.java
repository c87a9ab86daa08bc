package dev.ublklab.real.replay;

import dev.ublklab.real.trace.EventLog;
import dev.ublklab.real.trace.RealEvent;
import dev.ublklab.real.ublk.Control;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.DeviceLedger;
import dev.ublklab.sim.Scenario;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A replay whose plan crashes the server: the server runs in a child JVM ({@link ReplayServer}) so
 * that Handling.Crash (Runtime.halt, as SIGKILL) kills only it; the client and the trace stay here.
 * The child streams its fetches and commits with CLOCK_MONOTONIC times (System.nanoTime is that
 * clock in every process), merged with the client's events by time. The device a crash leaves added
 * is deleted here through the shared ledger (DeviceLedger sweep), as the next run would. The client's
 * submissions go to the server process before each syscall (acknowledged), so that it matches
 * requests to IOs in flight only: a 7.x kernel's partition scan may still run after START_DEV.
 */
final class CrashReplay {
    private CrashReplay() {}

    static Recording record(Scenario s, DataPath path, RealPlan plan, Consumer<String> say) throws InterruptedException {
        if (s.file() == null) throw new Unexpressible("a crash plan needs the scenario as a file (the server process reads it)");
        long t0 = System.nanoTime();
        int warnBefore = KernelLog.warnings();
        List<EventLog.Entry> server = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(1);
        String[] block = new String[1];
        java.util.concurrent.BlockingQueue<String> acks = new java.util.concurrent.LinkedBlockingQueue<>();
        Process child;
        try {
            child = new ProcessBuilder(command(s, path)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new Unexpressible("cannot start the server process: " + e.getMessage());
        }
        Thread reader = Thread.ofPlatform().daemon(true).start(() -> read(child, server, block, ready, acks, say));
        try {
            if (!ready.await(180, TimeUnit.SECONDS) || block[0] == null) {
                throw new IllegalStateException("the server process did not start a device (exit " + exitOf(child) + ")");
            }
            long tCreated = System.nanoTime();
            long base = System.nanoTime();
            EventLog trace = EventLog.recording();
            ReplayClient.Outcome outcome = new ReplayClient(Path.of(block[0]), plan.setup(), trace, link(child, acks))
                .run(Replay.IO_TIMEOUT_MS);
            long tIo = System.nanoTime();
            try {
                child.getOutputStream().close();                  // EOF: a live server deletes its device and exits
            } catch (IOException gone) {
                // the crashed server's pipe is closed already
            }
            if (!child.waitFor(60, TimeUnit.SECONDS)) child.destroyForcibly().waitFor();
            reader.join(5_000);
            int rc = child.exitValue();
            say.accept("server process exit " + rc + (rc == 137 ? " (the plan crashed it)" : ""));
            int warnAfter = KernelLog.warnings();
            List<EventLog.Entry> all = merge(server, trace.entries(), base);
            long t1 = System.nanoTime();
            String phases = String.format("create %d ms, ios %d ms, delete %d ms", (tCreated - t0) / 1_000_000,
                (tIo - tCreated) / 1_000_000, (t1 - tIo) / 1_000_000);
            return new Recording(s, path, plan, RealTrace.of(plan.setup(), all), outcome,
                warnBefore < 0 || warnAfter < 0 ? -1 : warnAfter - warnBefore, System.getProperty("os.version"),
                block[0] + " (server process)", (t1 - t0) / 1_000_000, phases, List.of());
        } finally {
            if (child.isAlive()) {
                child.destroy();                                  // SIGTERM: its shutdown hook deletes the device
                if (!child.waitFor(30, TimeUnit.SECONDS)) child.destroyForcibly().waitFor();
            }
            if (child.exitValue() != 0) sweep(say);               // a crashed (or killed) server left its device added
        }
    }

    private static List<String> command(Scenario s, DataPath path) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-Dublklab.cache=" + DeviceLedger.cacheDir(),
            "-cp", classPath(), ReplayServer.class.getName(), s.file(), path.word()));
        return cmd;
    }

    /** This JVM's class path plus the URLs of the loader that loaded us (the JUnit console launcher's --class-path). */
    static String classPath() {
        List<String> cp = new ArrayList<>(List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        if (CrashReplay.class.getClassLoader() instanceof java.net.URLClassLoader u) {
            for (java.net.URL url : u.getURLs()) {
                try {
                    String p = Path.of(url.toURI()).toString();
                    if (!cp.contains(p)) cp.add(p);
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    // not a file URL: not needed by the server process
                }
            }
        }
        return String.join(java.io.File.pathSeparator, cp);
    }

    /** The client's submissions sent to the server process; a submit returns once the server acknowledged it. */
    private static Submissions link(Process child, java.util.concurrent.BlockingQueue<String> acks) {
        java.io.PrintStream to = new java.io.PrintStream(child.getOutputStream(), true);
        return new Submissions() {
            @Override public synchronized void submitted(String io) {
                to.println("submit " + io);
                try {
                    String ack = null;
                    for (int i = 0; i < 300 && ack == null && child.isAlive(); i++) ack = acks.poll(100, TimeUnit.MILLISECONDS);
                    if (ack == null) ack = acks.poll();                       // null: the server died; the IO will fail
                    if (ack != null && !ack.equals(io)) throw new IllegalStateException("server acknowledged " + ack + ", not " + io);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override public synchronized void completed(String io) { to.println("complete " + io); }
        };
    }

    private static void read(Process child, List<EventLog.Entry> server, String[] block, CountDownLatch ready,
                             java.util.concurrent.BlockingQueue<String> acks, Consumer<String> say) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "ready" -> {
                        block[0] = f[2];
                        ready.countDown();
                    }
                    case "fetch" -> add(server, Long.parseLong(f[1]), new RealEvent.Fetch(Integer.parseInt(f[2]),
                        Integer.parseInt(f[3]), f[4], Long.parseLong(f[5]), Integer.parseInt(f[6])));
                    case "ack" -> acks.add(f[1]);
                    case "commit" -> add(server, Long.parseLong(f[1]), new RealEvent.Commit(Integer.parseInt(f[2]),
                        Integer.parseInt(f[3]), Integer.parseInt(f[4])));
                    default -> say.accept("server: " + line);
                }
            }
        } catch (IOException | RuntimeException e) {
            say.accept("server output: " + e.getMessage());
        } finally {
            ready.countDown();
        }
    }

    private static void add(List<EventLog.Entry> server, long nanos, RealEvent e) {
        synchronized (server) {
            server.add(new EventLog.Entry(server.size(), nanos, e));
        }
    }

    /** Server entries carry absolute nanoTime; the client's are relative to {@code base} (taken just before its EventLog). */
    static List<EventLog.Entry> merge(List<EventLog.Entry> server, List<EventLog.Entry> client, long base) {
        List<EventLog.Entry> all = new ArrayList<>();
        synchronized (server) {
            for (EventLog.Entry e : server) all.add(new EventLog.Entry(0, e.t() - base, e.event()));
        }
        for (EventLog.Entry e : client) all.add(new EventLog.Entry(0, e.t(), e.event()));
        all.sort(Comparator.comparingLong(EventLog.Entry::t));
        List<EventLog.Entry> out = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) out.add(new EventLog.Entry(i, all.get(i).t(), all.get(i).event()));
        return out;
    }

    private static void sweep(Consumer<String> say) {
        try (Control c = Control.open()) {
            DeviceLedger.standard().sweep(c).forEach(m -> say.accept("cleanup: " + m));
        }
    }

    private static String exitOf(Process p) {
        return p.isAlive() ? "still running" : Integer.toString(p.exitValue());
    }
}
