package dev.ublklab.real.ublk;

import dev.ublklab.real.sys.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The kernel's own IO on a new device is its partition scan; a device returned by
 * {@link UblkDevice#create} has none left to come, on any kernel:
 *
 * <ul>
 *   <li>{@code UBLK_F_NO_AUTO_PART_SCAN} (7.0+; 7.3.4 ublk_drv.c 4683, 4701-4704): where GET_FEATURES
 *       has it, ADD_DEV asks for it; START_DEV keeps GD_SUPPRESS_PART_SCAN set across add_disk (so
 *       add_disk_final's disk_scan_partitions returns -EINVAL, genhd.c 368) and clears it afterwards
 *       without scheduling partition_scan_work: the kernel reads nothing.</li>
 *   <li>Otherwise {@link #awaitEnd} after START_DEV. Up to 6.18 (6.12.118 ublk_drv.c 2431-2432,
 *       genhd.c 392) add_disk scans synchronously, so START_DEV's CQE already follows the scan's reads
 *       (read_part_sector waits for each folio). Kernels with 7fc4da6a304b ("ublk: scan partition in
 *       async way", 6.19, also in stable trees) but without the flag scan in partition_scan_work, which
 *       clears GD_SUPPRESS_PART_SCAN (sysfs {@code partscan} turns 1) and then holds disk->open_mutex
 *       across bdev_disk_changed, whose reads are synchronous. So: wait for partscan = 1 and for the
 *       scan's first request (it always reads sector 0) to have been served, then open and close the
 *       disk: bdev_open takes the same open_mutex, so it returns only after the scan's last read.</li>
 * </ul>
 */
final class PartitionScan {
    static final long WAIT_MS = 10_000;

    private PartitionScan() {}

    /** The flag ADD_DEV asks for where the kernel has it (GET_FEATURES), else 0. */
    static long flag(long features) {
        return features & dev.ublklab.real.sys.Uapi.UBLK_F_NO_AUTO_PART_SCAN;
    }

    /** What guarantees that the kernel's scan is over; {@code granted} = the flags ADD_DEV returned. */
    static String awaitEnd(long granted, Path disk, LongSupplier served) {
        if (flag(granted) != 0) return "UBLK_F_NO_AUTO_PART_SCAN: the kernel does not scan";
        Path partscan = Path.of("/sys/block", disk.getFileName().toString(), "partscan");
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (Files.exists(partscan) && !"1".equals(read(partscan)) && System.nanoTime() < deadline) sleep();
        while (served.getAsLong() == 0 && System.nanoTime() < deadline) sleep();
        if (served.getAsLong() == 0) {
            return "no partition scan read within " + WAIT_MS / 1000 + " s (the kernel scanned nothing)";
        }
        int fd = Libc.openExisting(disk);           // bdev_open: disk->open_mutex, held by a running scan
        Libc.close(fd);
        return "partition scan over (" + served.getAsLong() + " requests) before the first IO";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UblkException("interrupted while the partition scan ran", e);
        }
    }
}
