package dev.ublklab.real.fidelity;

import dev.ublklab.real.vm.Vm;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One batch of scenarios recorded in as few guest boots as the hold allows ({@link Recorder} in the
 * guest): the scenario files and the recordings live in {@code work} (the guest's read-write share).
 * Each boot is bounded ({@link Hold#seconds}: the guest is shared, so a boot holds it for that long
 * at most, under {@link Hold#lock} when one is named, released between boots); the recorder stops
 * starting scenarios when the rest of its budget could not hold one more watchdog period, and exits
 * {@link Recorder#BUDGET}, and the next boot resumes. A boot that fails (no exit code: a kernel panic
 * or hang, a hung scenario's reboot; a JVM crash; the recorder's own failure) is booted again as long
 * as boots make progress; what is still missing after two boots in a row without progress is an
 * environment failure, never a divergence. The guest's console goes to {@code work/console.log}
 * (every boot's, in order, to {@code work/consoles.log}), not to the campaign's table.
 *
 * @param bootSeconds guest uptime when its init was ready, per boot (from the console)
 * @param waitSeconds time spent waiting for the guest's lock (not the campaign's: another user held it)
 */
record GuestBatch(Path work, Path traces, int boots, double wallSeconds, List<Double> bootSeconds, int exitCode, double waitSeconds) {

    /**
     * How long one boot may hold the guest, and the lock file ({@code flock(1)}) every boot takes, or null.
     * The default, 24 minutes, keeps a hold under the 25 minutes a shared guest allows.
     */
    record Hold(int seconds, Path lock) {
        static final Hold DEFAULT = new Hold(24 * 60, null);
    }

    /** 97: run-in-vm.sh could not get the kernel (the suite's packages are not reachable). */
    static final int NO_KERNEL = 97;
    /** The guest's vCPUs: as many as the generator's queues (ScenarioGen.Bounds.of: 4). */
    static final int GUEST_CPUS = 4;

    static GuestBatch run(Target t, List<Scenario> batch, Path work, int perScenarioSeconds, Hold hold, java.io.PrintStream say)
            throws IOException, InterruptedException {
        Path dir = work.resolve("scenarios"), traces = work.resolve("traces");
        clear(dir);
        clear(traces);
        Files.deleteIfExists(work.resolve("consoles.log"));
        for (Scenario s : batch) Files.writeString(dir.resolve(s.name() + ".json"), ScenarioWriter.write(s));
        long t0 = System.nanoTime();
        List<Double> boots = new ArrayList<>();
        int rc = -1, n = 0, idle = 0;
        double wait = 0;
        int before = finished(traces);
        while (n < MAX_BOOTS && before < batch.size()) {
            n++;
            // time for what is left and one hang's watchdog (Recorder.WATCHDOG_SECONDS), at most the hold
            int timeout = Math.min(hold.seconds(), BOOT_SECONDS + perScenarioSeconds * (batch.size() - before) + (int) Recorder.WATCHDOG_SECONDS);
            double[] waited = {0};
            rc = boot(t, dir, traces, work, timeout, hold.lock(), waited);
            wait += waited[0];
            boots.addAll(readySeconds(work.resolve("console.log")));
            appendConsole(work);
            if (rc == NO_KERNEL) break;
            int after = finished(traces);
            if (say != null) say.printf("kernel %s: boot %d: exit %d, %d of %d scenarios done%s%n", t.name(), n, rc, after, batch.size(),
                waited[0] >= 1 ? String.format(" (waited %.0f s for the guest's lock)", waited[0]) : "");
            if (rc == 0) break;
            // a boot that ended a scenario (a hang's watchdog reboots the guest; a spent budget exits
            // Recorder.BUDGET) earns another; two in a row without: done
            idle = after > before ? 0 : idle + 1;
            before = after;
            if (idle >= 2) break;
            if (rc != Recorder.BUDGET) Files.copy(work.resolve("console.log"), work.resolve("console-failed-" + n + ".log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new GuestBatch(work, traces, n, (System.nanoTime() - t0) / 1e9 - wait, boots, rc, wait);
    }

    /** Seconds a boot needs besides its scenarios: the kernel's boot, the JVM's start under TCG, the poweroff. */
    static final int BOOT_SECONDS = 120;

    /**
     * The recorder's budget in a boot of {@code timeout} seconds: what is left after the boot and the
     * JVM's start, never less than one watchdog period and a minute (a boot always gets to one scenario).
     */
    static int budget(int timeout) {
        return Math.max(timeout - BOOT_SECONDS, (int) Recorder.WATCHDOG_SECONDS + 60);
    }

    private static int boot(Target t, Path dir, Path traces, Path work, int timeout, Path lock, double[] waited)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        Path locked = work.resolve("locked-at");
        Files.deleteIfExists(locked);
        if (lock != null) {
            // flock(1) (not a Java lock: fcntl locks do not exclude flock's); the time it was got is written first
            cmd.addAll(List.of("flock", lock.toString(), "sh", "-c", "date +%s%N > \"$0\"; exec \"$@\"", locked.toString()));
        }
        cmd.add(Vm.scriptsDir().resolve("run-in-vm.sh").toString());
        if (t.suite() != null) cmd.addAll(List.of("--suite", t.suite()));
        cmd.addAll(List.of("--work", work.toAbsolutePath().toString(), "--timeout", Integer.toString(timeout), "--"));
        List<String> java = new ArrayList<>(Vm.javaCommand(Recorder.class.getName(),
            List.of(dir.toAbsolutePath().toString(), traces.toAbsolutePath().toString())));
        java.add(1, "-XX:ErrorFile=" + work.toAbsolutePath().resolve("hs_err_pid%p.log"));
        java.add(1, "-Dublklab.budget=" + budget(timeout));
        cmd.addAll(java);
        long asked = System.currentTimeMillis();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("vm.log").toFile());
        // One vCPU per hardware queue at least: blk-mq maps no CPU to queues past the CPU count, and the
        // client places each IO on a CPU of its queue (ReplayClient.cpusOf). TCG runs the vCPUs on one
        // host thread (thread=single), so more of them cost little.
        pb.environment().putIfAbsent("VM_SMP", Integer.toString(GUEST_CPUS));
        Process p = pb.start();
        int rc = p.waitFor();
        if (lock != null && Files.exists(locked)) {
            try {
                waited[0] = Math.max(0, Long.parseLong(Files.readString(locked).trim()) / 1_000_000 - asked) / 1000.0;
            } catch (NumberFormatException e) {
                waited[0] = 0;
            }
        }
        return rc;
    }

    /** Boots of one batch at most (a safety bound: a boot that makes no progress twice in a row ends the batch first). */
    static final int MAX_BOOTS = 64;

    private static void appendConsole(Path work) throws IOException {
        Path c = work.resolve("console.log");
        if (Files.exists(c)) Files.write(work.resolve("consoles.log"), Files.readAllBytes(c), java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
    }

    /** Scenarios with an outcome: recorded, refused, failed, or hung once (the Recorder's files). */
    static int finished(Path traces) {
        try (Stream<Path> s = Files.list(traces)) {
            return (int) s.map(p -> p.getFileName().toString())
                .filter(f -> f.endsWith(".outcome.json") || f.endsWith(".refused") || f.endsWith(".error") || f.endsWith(".hung"))
                .count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static final Pattern READY = Pattern.compile("\\[guest\\] ([0-9.]+)s ready");

    static List<Double> readySeconds(Path console) {
        List<Double> out = new ArrayList<>();
        try {
            Matcher m = READY.matcher(Files.readString(console, java.nio.charset.StandardCharsets.ISO_8859_1));
            while (m.find()) out.add(Double.parseDouble(m.group(1)));
        } catch (IOException e) {
            // no console: the boot did not start; the caller reports the exit code
        }
        return out;
    }

    /** Per scenario: the guest's own milliseconds for it, from the recorder's lines in the console. */
    static long recorderMillis(Path work) {
        long sum = 0;
        try {
            Matcher m = Pattern.compile("\\[recorder\\] \\S+ (\\d+) ms").matcher(Files.readString(work.resolve("consoles.log"),
                java.nio.charset.StandardCharsets.ISO_8859_1));
            while (m.find()) sum += Long.parseLong(m.group(1));
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    private static void clear(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.toList()) Files.delete(p);
            }
        }
        Files.createDirectories(dir);
    }
}
