package dev.ublklab.real.fidelity;

import dev.ublklab.real.replay.RealPlan;
import dev.ublklab.real.replay.Recording;
import dev.ublklab.real.replay.Replay;
import dev.ublklab.real.replay.Unexpressible;
import dev.ublklab.sim.Scenario;
import dev.ublklab.sim.ScenarioCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code Recorder SCENARIOS_DIR TRACES_DIR}: the guest's half of a fidelity batch. Records every
 * scenario file of the folder on its own data path, one after the other in this one JVM (one boot),
 * each on a device of its own (created, served, deleted), and writes per scenario NAME: the trace
 * and its outcome sidecar ({@link Recording#write}), NAME.dmesg (the kernel messages of that
 * scenario: {@code dmesg -c} before and after), and NAME.refused or NAME.error when it could not
 * run. A scenario that already has an outcome is skipped, so a retried boot resumes where a crashed
 * one stopped; the scenario during which a guest died is tried once more, then reported as an
 * environment failure. Nothing is judged here: under TCG the host does that far faster.
 */
public final class Recorder {
    private Recorder() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Recorder SCENARIOS_DIR TRACES_DIR");
            System.exit(2);
        }
        Path traces = Path.of(args[1]);
        Files.createDirectories(traces);
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        System.out.println("[recorder] " + files.size() + " scenarios on Linux " + System.getProperty("os.version"));
        dmesg();                                            // the boot's messages are not any scenario's
        int done = 0;
        long t0 = System.nanoTime();
        for (Path f : files) {
            String name = f.getFileName().toString().replaceFirst("\\.json$", "");
            Path trace = traces.resolve(name + ".jsonl");
            if (Files.exists(Recording.outcomeFile(trace)) || Files.exists(traces.resolve(name + ".refused"))
                || Files.exists(traces.resolve(name + ".error"))) continue;
            Path started = traces.resolve(name + ".started");
            boolean again = Files.exists(started);
            if (again && Files.readString(started).equals("2")) {       // the guest died during it twice: reported
                Files.writeString(traces.resolve(name + ".error"), "environment failure: the guest (JVM or kernel) died twice"
                    + " during this scenario\n");
                continue;
            }
            long spent = (System.nanoTime() - t0) / 1_000_000_000L;
            if (BUDGET_SECONDS > 0 && spent + WATCHDOG_SECONDS + 15 > BUDGET_SECONDS) {
                // one more could outlast the boot's hold: stop here, the host's next boot resumes
                System.out.println("[recorder] recorded " + done + "; budget of " + BUDGET_SECONDS + " s spent (" + spent
                    + " s): the next boot goes on with " + name);
                System.exit(BUDGET);
            }
            one(f, name, trace, traces, again ? "2" : "1");
            done++;
        }
        System.out.println("[recorder] recorded " + done);
    }

    /**
     * Seconds this boot may spend on scenarios (-Dublklab.budget; 0: no bound): no scenario starts
     * unless its watchdog period still fits, so a boot never outlasts its hold of the guest.
     */
    static final long BUDGET_SECONDS = Long.getLong("ublklab.budget", 0);

    /** The exit code when the budget ended the boot with scenarios left (the host boots again). */
    static final int BUDGET = 5;

    /**
     * A scenario that has not ended after this long hung (the client gives up after 30 s, teardown takes
     * seconds): -Dublklab.watchdog=SECONDS. The guest is then rebooted (see {@link #hung}).
     */
    static final long WATCHDOG_SECONDS = Long.getLong("ublklab.watchdog", 150);

    private static void one(Path f, String name, Path trace, Path traces, String attempt) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Files.writeString(traces.resolve(name + ".started"), attempt);          // before any syscall: survives a crash
        Thread run = Thread.ofPlatform().name("scenario-" + name).daemon(true).start(() -> {
            try {
                Scenario s = ScenarioCodec.read(f);
                Recording r = Replay.record(s, RealPlan.dataPath(s.setup().config().variant().id()), line -> { });
                r.write(trace);
            } catch (Unexpressible e) {
                write(traces.resolve(name + ".refused"), e.getMessage() + "\n");
            } catch (Exception | AssertionError e) {
                write(traces.resolve(name + ".error"), e + "\n");
            }
        });
        run.join(WATCHDOG_SECONDS * 1000);
        if (run.isAlive()) hung(name, traces, attempt);
        Files.writeString(traces.resolve(name + ".dmesg"), dmesg());
        System.out.printf("[recorder] %s %d ms%n", name, (System.nanoTime() - t0) / 1_000_000);
    }

    private static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            System.out.println("[recorder] cannot write " + p + ": " + e.getMessage());
        }
    }

    /**
     * The scenario did not end within the watchdog: its kernel messages and the stacks of every task
     * in uninterruptible sleep (D) go to NAME.dmesg, and the guest reboots at once (sysrq b: a task in D
     * cannot be killed, so neither this JVM nor the guest's init could end normally). The host's next
     * boot resumes after it: a first hang is tried once more, a second is an environment failure.
     */
    private static void hung(String name, Path traces, String attempt) throws InterruptedException {
        String why = TIMED_OUT + " " + WATCHDOG_SECONDS + " s (attempt " + attempt
            + "; the guest was rebooted; stacks of the blocked tasks in " + name + ".dmesg)";
        write(traces.resolve(name + ".dmesg"), dmesg() + "\n--- tasks in D state after " + WATCHDOG_SECONDS + " s ---\n" + blockedStacks());
        if (attempt.equals("2")) write(traces.resolve(name + ".error"), why + "\n");
        else write(traces.resolve(name + ".hung"), why + "\n");
        System.out.println("[recorder] " + name + " hung: rebooting the guest");
        write(Path.of("/proc/sysrq-trigger"), "b");
        Thread.sleep(60_000);                      // not reached when the reboot works
        Runtime.getRuntime().halt(3);
    }

    /** How a hung scenario's .hung or .error file starts (Judged reads it back as a timeout). */
    static final String TIMED_OUT = "timeout: the scenario did not end within";

    /** /proc/PID/task/TID/stack of every task in state D ("" where /proc is not readable). */
    static String blockedStacks() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(x -> x.getFileName().toString().matches("\\d+")).toList()) {
                try (Stream<Path> tasks = Files.list(p.resolve("task"))) {
                    for (Path t : tasks.toList()) {
                        String status = Files.readString(t.resolve("status"));
                        if (!status.contains("\nState:\tD")) continue;
                        out.append("task ").append(t).append(' ').append(Files.readString(t.resolve("comm")).trim()).append('\n')
                            .append(Files.readString(t.resolve("stack")));
                    }
                } catch (IOException e) {
                    // the task ended meanwhile
                }
            }
        } catch (IOException e) {
            return "";
        }
        return out.toString();
    }

    /** The kernel's messages since the last call ({@code dmesg -c} reads and clears the ring); "" when not readable. */
    static String dmesg() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("dmesg", "-c").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        }
    }
}
