package dev.ublklab.real.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Counts kernel WARNINGs (WARN_ON / WARN_ON_ONCE splats) in the kernel log via dmesg; -1 when unreadable. */
final class KernelLog {
    private KernelLog() {}

    static int warnings() {
        Path dmesg = Files.isExecutable(Path.of("/usr/bin/dmesg")) ? Path.of("/usr/bin/dmesg")
            : Files.isExecutable(Path.of("/bin/dmesg")) ? Path.of("/bin/dmesg") : null;
        if (dmesg == null) return -1;
        try {
            Process p = new ProcessBuilder(dmesg.toString()).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return -1;
            return count(text);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static int count(String log) {
        int n = 0;
        for (String line : log.split("\n")) if (line.contains("WARNING: CPU:") || line.contains("WARNING: at ")) n++;
        return n;
    }
}
