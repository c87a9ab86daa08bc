package dev.ublklab.real.ublk;

/**
 * What ADD_DEV asks for: queues (nr_hw_queues), depth (queue_depth), the per-request buffer
 * (max_io_buf_bytes; also max_sectors in SET_PARAMS) and the data path.
 */
public record DeviceConfig(int queues, int depth, int maxIoBufBytes, DataPath path) {
    public DeviceConfig {
        if (queues < 1 || queues > 4096) throw new IllegalArgumentException("queues must be 1..4096");
        if (depth < 1 || depth > 4096) throw new IllegalArgumentException("depth must be 1..4096");
        // user copy addresses at most 1 << UBLK_IO_BUF_BITS (32 MiB) bytes of a request
        if (maxIoBufBytes < 4096 || maxIoBufBytes % 4096 != 0 || maxIoBufBytes > 1 << 25) {
            throw new IllegalArgumentException("maxIoBufBytes must be a page multiple in 4 KiB..32 MiB");
        }
    }

    public static DeviceConfig of(DataPath path) { return new DeviceConfig(1, 64, 512 << 10, path); }
}
