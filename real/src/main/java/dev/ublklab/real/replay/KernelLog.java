package dev.ublklab.real.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Kernel WARNINGs so far (WARN_ON / WARN_ON_ONCE splats): /sys/kernel/warn_count (Linux 6.2+); -1 when unreadable. */
final class KernelLog {
    static final Path WARN_COUNT = Path.of("/sys/kernel/warn_count");

    private KernelLog() {}

    static int warnings() {
        try {
            return Integer.parseInt(Files.readString(WARN_COUNT).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
