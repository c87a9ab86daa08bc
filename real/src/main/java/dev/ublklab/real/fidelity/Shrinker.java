package dev.ublklab.real.fidelity;

import dev.ublklab.model.Action;
import dev.ublklab.model.Config;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Segment;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.sim.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * One-step reductions of a scenario, smallest effect last: drop an IO, drop a segment, make a plan
 * the correct one or drop an action of it, drop a queue, lower the depth, drop an {@code after},
 * submit in order. The campaign runs a round of them on the kernel in one boot and keeps the first
 * that shows the same divergence (delta debugging, one element at a time: the scenarios are small).
 */
final class Shrinker {
    private Shrinker() {}

    /** The candidates, at most {@code max}, each a valid setup (IDs that vanish are dropped from after/waitFor). */
    static List<Scenario> candidates(Scenario s, int max) {
        List<Setup> out = new ArrayList<>();
        Setup u = s.setup();
        for (int i = u.ios().size() - 1; i >= 0 && u.ios().size() > 1; i--) out.add(dropIo(u, i));
        for (int i = 0; i < u.ios().size(); i++) {
            List<Segment> segs = u.ios().get(i).segments();
            for (int k = segs.size() - 1; k >= 0 && segs.size() > 1; k--) {
                List<Segment> fewer = new ArrayList<>(segs);
                fewer.remove(k);
                out.add(withIo(u, i, io(u.ios().get(i), fewer, u.ios().get(i).after(), u.ios().get(i).queue())));
            }
        }
        if (u.server() instanceof ServerSpec.Script sc) {
            for (int i = 0; i < sc.plans().size(); i++) {
                List<Action> plan = sc.plans().get(i);
                if (plan == null) continue;
                out.add(withPlan(u, sc, i, null));
                for (int a = 0; a < plan.size() && plan.size() > 1; a++) {
                    if (plan.get(a) instanceof Action.Commit || plan.get(a) instanceof Action.Crash) continue;
                    List<Action> fewer = new ArrayList<>(plan);
                    fewer.remove(a);
                    out.add(withPlan(u, sc, i, fewer));
                }
            }
        }
        Config c = u.config();
        if (c.queues() > 1) out.add(fewerQueues(u));
        if (c.depth() > 1) out.add(u.withConfig(depth(c, 1)));
        if (c.depth() > 2) out.add(u.withConfig(depth(c, c.depth() - 1)));
        for (int i = 0; i < u.ios().size(); i++) {
            IoSpec io = u.ios().get(i);
            if (io.after() != null) out.add(withIo(u, i, io(io, io.segments(), null, io.queue())));
        }
        if (!u.inOrder()) out.add(new Setup(c, u.ios(), u.server(), u.crashes(), true));
        List<Scenario> scenarios = new ArrayList<>();
        for (int k = 0; k < out.size() && k < max; k++) {
            scenarios.add(new Scenario(s.name() + "-s" + k, s.description(), null, out.get(k), s.expect(), s.seed(), null, s.maxSteps()));
        }
        return scenarios;
    }

    private static IoSpec io(IoSpec io, List<Segment> segs, String after, int queue) {
        return new IoSpec(io.id(), io.op(), queue, io.sector(), segs, after);
    }

    private static Setup withIo(Setup u, int i, IoSpec io) {
        List<IoSpec> ios = new ArrayList<>(u.ios());
        ios.set(i, io);
        return new Setup(u.config(), ios, u.server(), u.crashes(), u.inOrder());
    }

    private static Setup withPlan(Setup u, ServerSpec.Script sc, int i, List<Action> plan) {
        List<List<Action>> plans = new ArrayList<>(sc.plans());
        plans.set(i, plan);
        boolean any = plans.stream().anyMatch(p -> p != null);
        return new Setup(u.config(), u.ios(), any ? new ServerSpec.Script(plans, sc.chunk()) : new ServerSpec.Correct(sc.chunk()),
            u.crashes(), u.inOrder());
    }

    /** Without IO {@code i}: others' after and waitFor on it are dropped. */
    static Setup dropIo(Setup u, int i) {
        String gone = u.ios().get(i).id();
        List<IoSpec> ios = new ArrayList<>();
        for (int k = 0; k < u.ios().size(); k++) {
            if (k == i) continue;
            IoSpec io = u.ios().get(k);
            ios.add(gone.equals(io.after()) ? io(io, io.segments(), null, io.queue()) : io);
        }
        ServerSpec server = u.server();
        if (server instanceof ServerSpec.Script sc) {
            List<List<Action>> plans = new ArrayList<>();
            for (int k = 0; k < sc.plans().size(); k++) {
                if (k == i) continue;
                List<Action> p = sc.plans().get(k);
                plans.add(p == null ? null : p.stream().filter(a -> !(a instanceof Action.WaitFor w && w.io().equals(gone))).toList());
            }
            server = plans.stream().anyMatch(p -> p != null) ? new ServerSpec.Script(plans, sc.chunk()) : new ServerSpec.Correct(sc.chunk());
        }
        return new Setup(u.config(), ios, server, u.crashes(), u.inOrder());
    }

    /** One queue fewer: the last queue's IOs move to queue 0. */
    private static Setup fewerQueues(Setup u) {
        int last = u.config().queues() - 1;
        List<IoSpec> ios = new ArrayList<>();
        for (IoSpec io : u.ios()) ios.add(io.queue() == last ? io(io, io.segments(), io.after(), 0) : io);
        Config c = u.config();
        Config fewer = new Config(last, c.depth(), c.variant(), c.pipeSlots(), c.workers(), c.pageSize(), c.sectorSize(),
            c.maxIoBytes(), c.tagPolicy(), c.recovery(), c.sectors(), c.kernel());
        return new Setup(fewer, ios, u.server(), u.crashes(), u.inOrder());
    }

    private static Config depth(Config c, int d) {
        return new Config(c.queues(), d, c.variant(), c.pipeSlots(), c.workers(), c.pageSize(), c.sectorSize(), c.maxIoBytes(),
            c.tagPolicy(), c.recovery(), c.sectors(), c.kernel());
    }

    /** Smaller is fewer IOs, then fewer bytes, then fewer plan actions. */
    static long size(Scenario s) {
        long bytes = 0, actions = 0;
        for (IoSpec io : s.setup().ios()) bytes += io.bytes();
        if (s.setup().server() instanceof ServerSpec.Script sc) for (List<Action> p : sc.plans()) actions += p == null ? 0 : p.size();
        return s.setup().ios().size() * 1_000_000_000L + bytes * 100 + actions * 10 + s.setup().config().queues() + s.setup().config().depth();
    }
}
