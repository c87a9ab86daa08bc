package dev.ublklab.model;

/**
 * The device and machine knobs of MODEL.md §1.
 *
 * @param queues    nr_hw_queues
 * @param depth     queue_depth: tags per queue
 * @param pipeSlots the worker pipe's max_usage (16 in Linux)
 * @param workers   io-wq workers per queue daemon
 * @param sectors   size of the backing store in sectors
 * @param kernel    the kernel version whose behaviours the model follows ({@link KernelVersion#SIMPLIFIED}
 *                  when a scenario names none)
 */
public record Config(int queues, int depth, Variant variant, int pipeSlots, int workers, int pageSize,
                     int sectorSize, int maxIoBytes, TagPolicy tagPolicy, Recovery recovery, int sectors,
                     KernelVersion kernel) {
    public Config {
        if (queues < 1 || depth < 1 || pipeSlots < 1 || workers < 1 || sectors < 1) {
            throw new IllegalArgumentException("config counts must be positive");
        }
        if (depth > 64) {
            throw new IllegalArgumentException("the model tracks at most 64 tags per queue, not " + depth);
        }
        if (pageSize % sectorSize != 0) {
            throw new IllegalArgumentException("pageSize must be a multiple of sectorSize");
        }
        if (kernel == null) {
            throw new IllegalArgumentException("config needs a kernel version");
        }
        if (!kernel.has(KernelVersion.dataPath(variant))) {
            throw new IllegalArgumentException("kernel " + kernel.id() + " has no " + variant.id() + " data path");
        }
    }

    /** Whether the model follows this behaviour switch (the kernel version's). */
    public boolean has(Behaviour b) {
        return kernel.has(b);
    }

    /** The same config on another kernel version. */
    public Config withKernel(KernelVersion k) {
        return new Config(queues, depth, variant, pipeSlots, workers, pageSize, sectorSize, maxIoBytes, tagPolicy,
                recovery, sectors, k);
    }

    public int sectorsPerPage() {
        return pageSize / sectorSize;
    }
}
