package dev.ublklab.model;

import java.util.List;

/**
 * Everything static about one run: the device config, the client IOs, the server policy and the
 * faults the environment may inject ({@code crashes}: queues whose daemon may die once, at any time;
 * {@code faults}: budgets of injected backend, allocation and copy faults, {@link Fault}).
 *
 * @param inOrder when true, the IOs of one queue are submitted in the scenario's order; otherwise
 *                in any order
 */
public record Setup(Config config, List<IoSpec> ios, ServerSpec server, List<Integer> crashes, boolean inOrder,
                    LcSetup lifecycle, Fault.Budget faults) {
    /** A run without injected faults. */
    public Setup(Config config, List<IoSpec> ios, ServerSpec server, List<Integer> crashes, boolean inOrder,
                 LcSetup lifecycle) {
        this(config, ios, server, crashes, inOrder, lifecycle, Fault.Budget.NONE);
    }

    /** A run of the simplified kernel (no lifecycle). */
    public Setup(Config config, List<IoSpec> ios, ServerSpec server, List<Integer> crashes, boolean inOrder) {
        this(config, ios, server, crashes, inOrder, null);
    }

    public Setup {
        ios = List.copyOf(ios);
        crashes = List.copyOf(crashes);
        faults = faults == null ? Fault.Budget.NONE : faults;
        if (ios.size() > Taint.MAX_IOS) {
            throw new IllegalArgumentException("at most " + Taint.MAX_IOS + " IOs (a taint bit each), found " + ios.size());
        }
    }

    /** The same run on driver variant {@code v}. */
    public Setup withVariant(Variant v) {
        Config c = config;
        return withConfig(new Config(c.queues(), c.depth(), v, c.pipeSlots(), c.workers(), c.pageSize(), c.sectorSize(),
                c.maxIoBytes(), c.tagPolicy(), c.recovery(), c.sectors(), c.kernel()));
    }

    /** The same run with another device config. */
    public Setup withConfig(Config c) {
        return new Setup(c, ios, server, crashes, inOrder, lifecycle, faults);
    }

    /** The same run with another server. */
    public Setup withServer(ServerSpec s) {
        return new Setup(config, ios, s, crashes, inOrder, null, faults);
    }

    /** The same run with fault budgets {@code f}. */
    public Setup withFaults(Fault.Budget f) {
        return new Setup(config, ios, server, crashes, inOrder, lifecycle, f);
    }

    /** Index of the IO with this id, or -1. */
    public int ioIndex(String id) {
        for (int i = 0; i < ios.size(); i++) {
            if (ios.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
