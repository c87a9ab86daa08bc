package dev.ublklab.real.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a command as root inside the project's throw-away QEMU/TCG guest, whose kernel has ublk_drv
 * (real/vm/run-in-vm.sh: Debian 6.12 kernel by default, prepared once and cached). The guest sees the
 * host tree read-only (writes discarded) plus one read-write work dir. Used by
 * {@code ublk-lab replay --real --vm} and by tests.
 *
 * <p>Exit codes: the command's; 97 = the requested kernel could not be obtained; 99 = VM failure
 * (boot, panic, timeout). A JVM crash inside the guest is retried once by the script.
 */
public final class Vm {
    private Vm() {}

    /**
     * Which kernel to boot: bookworm's 6.12 (default) or a newer one through a private apt state;
     * {@code module}, when not null, is a ublk_drv.ko built for that kernel that the guest loads
     * instead of its own (run-in-vm.sh --module).
     */
    public record Options(String suite, Path workDir, Duration timeout, Path module) {
        public Options(String suite, Path workDir, Duration timeout) { this(suite, workDir, timeout, null); }

        public static Options defaults(Path workDir) { return new Options(null, workDir, Duration.ofMinutes(10)); }
    }

    /**
     * The folder holding run-in-vm.sh: the ublklab.vm.dir property, else real/vm found from the current
     * directory upwards, else from the location of this class (real/target/classes → real/vm).
     */
    public static Path scriptsDir() {
        String p = System.getProperty("ublklab.vm.dir");
        if (p != null) return Path.of(p);
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("real/vm/run-in-vm.sh"))) return d.resolve("real/vm");
        }
        try {
            Path classes = Path.of(Vm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path vm = classes.getParent().getParent().resolve("vm");
            if (Files.isRegularFile(vm.resolve("run-in-vm.sh"))) return vm;
        } catch (Exception e) {
            // fall through to the clear error below
        }
        throw new IllegalStateException("cannot find real/vm/run-in-vm.sh: run from the repository or set -Dublklab.vm.dir");
    }

    /** The java command line for running {@code mainClass} of this module inside the guest (C1 only under TCG). */
    public static List<String> javaCommand(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            mainClass));
        cmd.addAll(args);
        return cmd;
    }

    /** Boots the guest, runs {@code command} there with the caller's cwd, returns its exit code. */
    public static int run(List<String> command, Options o) throws IOException, InterruptedException {
        return run(command, o, java.util.Map.of());
    }

    /** As {@link #run(List, Options)}, with extra environment for run-in-vm.sh (VM_TCG_THREAD, VM_SMP, ...). */
    public static int run(List<String> command, Options o, java.util.Map<String, String> env)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(scriptsDir().resolve("run-in-vm.sh").toString()));
        if (o.suite() != null) cmd.addAll(List.of("--suite", o.suite()));
        if (o.module() != null) cmd.addAll(List.of("--module", o.module().toAbsolutePath().toString()));
        cmd.addAll(List.of("--work", o.workDir().toAbsolutePath().toString(), "--timeout",
            Long.toString(o.timeout().toSeconds()), "--"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().putAll(env);
        return pb.start().waitFor();
    }

    /** {@code Vm [--suite S] [--work DIR] [--timeout SECONDS] -- COMMAND...} */
    public static void main(String[] args) {
        String suite = null;
        Path work = Path.of("target", "vm");
        Duration timeout = Duration.ofMinutes(10);
        int i = 0;
        try {
            for (; i < args.length && !args[i].equals("--"); i += 2) {
                if (i + 1 >= args.length) throw new IllegalArgumentException("missing value after " + args[i]);
                switch (args[i]) {
                    case "--suite" -> suite = args[i + 1];
                    case "--work" -> work = Path.of(args[i + 1]);
                    case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(args[i + 1]));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            List<String> command = List.of(args).subList(Math.min(i + 1, args.length), args.length);
            if (command.isEmpty()) throw new IllegalArgumentException("usage: Vm [--suite S] [--work DIR] [--timeout S] -- COMMAND...");
            System.exit(run(command, new Options(suite, work, timeout)));
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println("vm: " + e.getMessage());
            System.exit(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }
}
