package dev.ublklab.real.ublk;

import dev.ublklab.real.sys.Errno;
import dev.ublklab.real.sys.ErrnoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The dev ids this project's servers created, with the creating pid, in a state file
 * ({@code <cache>/real/ublk-devices}, lines "devId pid"). A server that dies without cleaning up (SIGKILL)
 * leaves its device added in the kernel; the next run's {@link #sweep} deletes such leftovers and says so.
 * The file is a plain state file in the cache dir (never a device path), guarded by a file lock.
 */
public final class DeviceLedger {
    private final Path file;

    public DeviceLedger(Path file) { this.file = file; }

    /** The ledger in the cache dir: ublklab.cache property, else $UBLK_LAB_CACHE, else ~/.cache/ublk-lab. */
    public static DeviceLedger standard() { return new DeviceLedger(cacheDir().resolve("real").resolve("ublk-devices")); }

    public static Path cacheDir() {
        String p = System.getProperty("ublklab.cache");
        if (p == null) p = System.getenv("UBLK_LAB_CACHE");
        return p != null ? Path.of(p) : Path.of(System.getProperty("user.home"), ".cache", "ublk-lab");
    }

    public Path file() { return file; }

    private record Line(int devId, long pid) {}

    private interface Edit { List<Line> apply(List<Line> lines) throws IOException; }

    private synchronized void edit(Edit e) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                     StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
                List<Line> lines = new ArrayList<>();
                for (String s : Files.readAllLines(file)) {
                    String[] f = s.trim().split("\\s+");
                    if (f.length == 2) lines.add(new Line(Integer.parseInt(f[0]), Long.parseLong(f[1])));
                }
                StringBuilder out = new StringBuilder();
                for (Line l : e.apply(lines)) out.append(l.devId()).append(' ').append(l.pid()).append('\n');
                Files.writeString(file, out.toString());
                lock.release();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("device ledger " + file, ex);
        }
    }

    public void record(int devId) {
        long pid = ProcessHandle.current().pid();
        edit(lines -> {
            lines.add(new Line(devId, pid));
            return lines;
        });
    }

    public void remove(int devId) {
        edit(lines -> {
            lines.removeIf(l -> l.devId() == devId);
            return lines;
        });
    }

    /**
     * STOP_DEV + DEL_DEV every recorded device whose creating process is gone; returns one message per
     * device handled ("deleted leftover ublk device 3 of dead pid 1234").
     */
    public List<String> sweep(Control control) {
        List<String> said = new ArrayList<>();
        edit(lines -> {
            List<Line> keep = new ArrayList<>();
            for (Line l : lines) {
                if (ProcessHandle.of(l.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                    keep.add(l);
                    continue;
                }
                said.add(deleteLeftover(control, l));
            }
            return keep;
        });
        return said;
    }

    private static String deleteLeftover(Control control, Line l) {
        try {
            DevInfo info = control.getDevInfo(l.devId());
            control.stopDev(l.devId());
            int res = control.delDev(l.devId());
            return "deleted leftover ublk device " + l.devId() + " (state " + info.stateName() + ") of dead pid " + l.pid()
                + (res < 0 ? ": DEL_DEV " + Errno.name(res) : "");
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENODEV) return "leftover ublk device " + l.devId() + " of dead pid " + l.pid() + " is already gone";
            return "leftover ublk device " + l.devId() + " of dead pid " + l.pid() + ": " + e.getMessage();
        }
    }
}
