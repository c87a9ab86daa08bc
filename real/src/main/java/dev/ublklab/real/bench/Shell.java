package dev.ublklab.real.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a helper program (fio, kublk, losetup) to completion. Output goes through a file, not a pipe:
 * {@code kublk add} leaves a daemon behind that would hold a pipe open forever.
 */
final class Shell {
    private Shell() {}

    record Done(int rc, String out) {}

    static Done run(String... cmd) throws IOException { return run(0, cmd); }

    /** As {@link #run(String...)}; after {@code timeoutSeconds} (0: none) the program is killed and rc is 124. */
    static Done run(long timeoutSeconds, String... cmd) throws IOException {
        File f = File.createTempFile("fio-bench", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(f)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            int rc;
            if (timeoutSeconds > 0 && !p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                rc = 124;                              // timeout(1)'s code
            } else {
                rc = p.waitFor();
            }
            return new Done(rc, Files.readString(f.toPath()).trim());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + List.of(cmd));
        } finally {
            Files.deleteIfExists(f.toPath());
        }
    }

    /** The output of a command that must succeed. */
    static String out(String... cmd) throws IOException {
        Done d = run(cmd);
        if (d.rc() != 0) throw new IOException(String.join(" ", cmd) + " exited " + d.rc() + ": " + d.out());
        return d.out();
    }

    static boolean exists(Path p) { return Files.exists(p); }
}
