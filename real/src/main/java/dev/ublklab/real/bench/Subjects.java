package dev.ublklab.real.bench;

import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.UblkServerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The devices under test, set up in interleaving order (kublk copy, Java copy, kublk user-copy, ...,
 * loop, null_blk) and torn down in reverse on every exit path: kublk {@code del -n}, the Java server by
 * SIGTERM (its hook deletes its device), {@code losetup -d}.
 */
final class Subjects implements AutoCloseable {
    static final int QUEUES = 2, DEPTH = 128;

    record Subject(String name, Path device) {}

    private interface Teardown { void run() throws Exception; }

    private final FioBench.Options o;
    private final List<Subject> all = new ArrayList<>();
    private final List<Teardown> teardown = new ArrayList<>();
    private final List<Path> serverLogs = new ArrayList<>();

    Subjects(FioBench.Options o) { this.o = o; }

    List<Subject> all() { return all; }

    void setUp(List<DataPath> modes) throws IOException {
        for (DataPath m : modes) {
            if (o.kublk() != null) kublk(m);
            java(m, "java", o.serverJvm());
            if (o.c2()) java(m, "java-c2", List.of());
        }
        loop();
        Path nullb = Path.of("/dev/nullb0");
        if (Files.exists(nullb)) all.add(new Subject("null_blk", nullb));
        else System.out.println("fio-bench: null_blk skipped: no /dev/nullb0 (module not in this kernel)");
        for (Subject s : all) System.out.println("fio-bench: subject " + s.name() + " = " + s.device());
    }

    /** kublk add -t null: -u user copy, -z zero copy (REGISTER_IO_BUF, a NOP on the fixed buffer). */
    private void kublk(DataPath m) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(o.kublk().toString(), "add", "-t", "null", "-q", "" + QUEUES, "-d", "" + DEPTH));
        if (m == DataPath.USER_COPY) cmd.add("-u");
        if (m == DataPath.ZERO_COPY) cmd.add("-z");
        Shell.Done d = Shell.run(cmd.toArray(String[]::new));
        Matcher id = Pattern.compile("dev id (\\d+):").matcher(d.out());
        if (d.rc() != 0 || !id.find()) throw new IOException("kublk add (" + m.word() + ") failed: exit " + d.rc() + ": " + d.out());
        String n = id.group(1);
        teardown.add(() -> Shell.run(o.kublk().toString(), "del", "-n", n));
        all.add(new Subject("kublk " + m.word(), Path.of("/dev/ublkb" + n)));
    }

    /** {@code serve --target ram} in its own JVM, as a user runs it; its stats go to a log in the work dir. */
    private void java(DataPath m, String label, List<String> jvm) throws IOException {
        Path log = o.work().resolve(label + "-" + m.word() + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dublklab.stats=true", "-cp",
            System.getProperty("java.class.path"), UblkServerMain.class.getName(), "--target", "ram", "--size",
            FioBench.REGION + "", "--queues", "" + QUEUES, "--depth", "" + DEPTH, "--mode", m.word()));
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        teardown.add(() -> {
            p.destroy();                                    // SIGTERM: the server deletes its device
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        });
        serverLogs.add(log);
        String ready = new BufferedReader(new InputStreamReader(p.getInputStream())).readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            throw new IOException("Java server (" + m.word() + ") did not start: " + Files.readString(log).trim());
        }
        all.add(new Subject(label + " " + m.word(), Path.of(ready.split(" ")[2])));
    }

    private void loop() throws IOException {
        Path img = Path.of("/dev/shm/fio-bench-loop.img");
        Files.deleteIfExists(img);
        Shell.out("truncate", "-s", "" + FioBench.REGION, img.toString());
        teardown.add(() -> Files.deleteIfExists(img));
        String dev = Shell.out("losetup", "--find", "--show", img.toString());
        teardown.add(() -> Shell.run("losetup", "-d", dev));
        all.add(new Subject("loop tmpfs", Path.of(dev)));
    }

    /** The Java servers' stats lines (printed at their exit). */
    List<String> stats() throws IOException {
        List<String> out = new ArrayList<>();
        for (Path l : serverLogs) {
            if (!Files.exists(l)) continue;
            for (String s : Files.readAllLines(l)) if (s.contains("stats")) out.add("fio-bench: " + l.getFileName() + ": " + s);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        for (int i = teardown.size() - 1; i >= 0; i--) {
            try {
                teardown.get(i).run();
            } catch (Exception e) {
                System.err.println("fio-bench: teardown: " + e);
            }
        }
        teardown.clear();
    }
}
