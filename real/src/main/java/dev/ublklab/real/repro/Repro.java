package dev.ublklab.real.repro;

import dev.ublklab.real.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel finding's standalone reproducer (repro/NAME.c): built here with {@code gcc -Wall -O2}
 * against the installed uapi headers, run here or in the project's guest, which gets the binary and
 * never a compiler. Its exit code is the verdict: 1 the kernel shows the behaviour, 0 it does not,
 * 2 it cannot run.
 */
public final class Repro {
    /** Exit codes of a reproducer. */
    public static final int SHOWS = 1, DOES_NOT = 0, CANNOT_RUN = 2;

    /** Why a reproducer could not be built: one line. */
    public static final class BuildFailure extends Exception {
        BuildFailure(String message) {
            super(message, null, false, false);
        }
    }

    private Repro() {}

    /** Builds {@code source} into {@code outDir}/NAME; gcc's own messages go to {@code log}. */
    public static Path build(Path source, Path outDir, Path log) throws BuildFailure, IOException, InterruptedException {
        String name = source.getFileName().toString();
        if (!name.endsWith(".c")) throw new BuildFailure(source + ": a reproducer is a C file (NAME.c)");
        if (!Files.isRegularFile(source)) throw new BuildFailure(source + ": no such file");
        Files.createDirectories(outDir);
        Path bin = outDir.resolve(name.substring(0, name.length() - 2));
        List<String> cmd = List.of("gcc", "-Wall", "-O2", "-o", bin.toString(), source.toString(), "-lpthread");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new BuildFailure("cannot run gcc (install it: apt-get install gcc): " + e.getMessage());
        }
        int rc = p.waitFor();
        if (rc != 0) {
            throw new BuildFailure("gcc -Wall -O2 " + source + " failed (exit " + rc + "): " + firstLine(log));
        }
        return bin;
    }

    /** Runs {@code bin} here; its output is inherited. */
    public static int runHere(Path bin) throws IOException, InterruptedException {
        return new ProcessBuilder(bin.toAbsolutePath().toString()).inheritIO().start().waitFor();
    }

    /** Runs {@code bin} in the guest; {@code module} replaces the guest's ublk_drv.ko when not null. */
    public static int runInVm(Path bin, String suite, Path module, Path work) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(bin.toAbsolutePath().toString()));
        return Vm.run(cmd, new Vm.Options(suite, work, Duration.ofMinutes(5), module));
    }

    private static String firstLine(Path log) throws IOException {
        for (String l : Files.readAllLines(log)) if (l.contains("error")) return l.strip();
        List<String> all = Files.readAllLines(log);
        return all.isEmpty() ? "(no output)" : all.getFirst().strip();
    }
}
