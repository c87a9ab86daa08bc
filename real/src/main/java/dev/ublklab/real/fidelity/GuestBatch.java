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
 * One batch of scenarios recorded in one guest boot ({@link Recorder} in the guest): the scenario
 * files and the recordings live in {@code work} (the guest's read-write share). A boot that fails
 * (no exit code: a kernel panic or hang; a JVM crash; the recorder's own failure) is retried once and
 * resumes where the first stopped; what is still missing after that is an environment failure, never
 * a divergence. The guest's console goes to {@code work/console.log}, not to the campaign's table.
 *
 * @param bootSeconds guest uptime when its init was ready, per boot (from the console)
 */
record GuestBatch(Path work, Path traces, int boots, double wallSeconds, List<Double> bootSeconds, int exitCode) {

    /** 97: run-in-vm.sh could not get the kernel (the suite's packages are not reachable). */
    static final int NO_KERNEL = 97;
    /** The guest's vCPUs: as many as the generator's queues (ScenarioGen.Bounds.of: 4). */
    static final int GUEST_CPUS = 4;

    static GuestBatch run(Target t, List<Scenario> batch, Path work, int perScenarioSeconds) throws IOException, InterruptedException {
        Path dir = work.resolve("scenarios"), traces = work.resolve("traces");
        clear(dir);
        clear(traces);
        for (Scenario s : batch) Files.writeString(dir.resolve(s.name() + ".json"), ScenarioWriter.write(s));
        long t0 = System.nanoTime();
        List<Double> boots = new ArrayList<>();
        int rc = -1, n = 0, idle = 0;
        int before = finished(traces);
        while (n < MAX_BOOTS) {
            n++;
            // time for what is left, and for one hang's watchdog (Recorder.WATCHDOG_SECONDS)
            rc = boot(t, dir, traces, work, 120 + perScenarioSeconds * (batch.size() - before) + (int) Recorder.WATCHDOG_SECONDS);
            boots.addAll(readySeconds(work.resolve("console.log")));
            if (rc == 0 || rc == NO_KERNEL) break;
            int after = finished(traces);
            // a boot that ended a scenario (a hang's watchdog reboots the guest) earns another; two in a row without: done
            idle = after > before ? 0 : idle + 1;
            before = after;
            if (idle >= 2) break;
            Files.copy(work.resolve("console.log"), work.resolve("console-failed-" + n + ".log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return new GuestBatch(work, traces, n, (System.nanoTime() - t0) / 1e9, boots, rc);
    }

    private static int boot(Target t, Path dir, Path traces, Path work, int timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Vm.scriptsDir().resolve("run-in-vm.sh").toString()));
        if (t.suite() != null) cmd.addAll(List.of("--suite", t.suite()));
        cmd.addAll(List.of("--work", work.toAbsolutePath().toString(), "--timeout", Integer.toString(timeout), "--"));
        List<String> java = new ArrayList<>(Vm.javaCommand(Recorder.class.getName(),
            List.of(dir.toAbsolutePath().toString(), traces.toAbsolutePath().toString())));
        java.add(1, "-XX:ErrorFile=" + work.toAbsolutePath().resolve("hs_err_pid%p.log"));
        cmd.addAll(java);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("vm.log").toFile());
        // One vCPU per hardware queue at least: blk-mq maps no CPU to queues past the CPU count, and the
        // client places each IO on a CPU of its queue (ReplayClient.cpusOf). TCG runs the vCPUs on one
        // host thread (thread=single), so more of them cost little.
        pb.environment().putIfAbsent("VM_SMP", Integer.toString(GUEST_CPUS));
        Process p = pb.start();
        return p.waitFor();
    }

    /** Boots of one batch at most: each one after the second must follow a boot that got further. */
    static final int MAX_BOOTS = 8;

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
            Matcher m = Pattern.compile("\\[recorder\\] \\S+ (\\d+) ms").matcher(Files.readString(work.resolve("console.log"),
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
