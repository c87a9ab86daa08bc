package dev.ublklab.real.replay;

import dev.ublklab.model.Action;
import dev.ublklab.model.Config;
import dev.ublklab.model.IoSpec;
import dev.ublklab.model.Recovery;
import dev.ublklab.model.ReqOp;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import dev.ublklab.model.Variant;
import dev.ublklab.real.ublk.DataPath;
import dev.ublklab.real.ublk.DeviceConfig;
import dev.ublklab.real.ublk.Request;
import dev.ublklab.real.ublk.Handling;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the real server and client do for one scenario, decided before any device exists: the device
 * config, the RAM target's size, and per IO the server's decision (the scenario's plan in the real
 * server's words). Everything the real server cannot express is refused here with
 * {@link Unexpressible}; everything it reproduces only in part is listed in {@link #notes()}.
 *
 * @param decisions indexed like the scenario's IOs
 */
public record RealPlan(Setup setup, DeviceConfig device, long targetBytes, List<Decision> decisions, List<String> notes) {

    /**
     * The server's decision for every dispatch of one IO's request (the plan restarts at a requeued
     * request's next dispatch). {@code commit} null means "commit what the transfer achieved";
     * {@code waitFor} lists IOs that must have completed before the commit is sent; {@code transfer}
     * says whether the plan moves the data before an error commit (zero copy observes it).
     */
    public record Decision(boolean crash, Integer commit, List<String> waitFor, boolean transfer) {
        public static final Decision CORRECT = new Decision(false, null, List.of(), true);

        public Decision {
            waitFor = List.copyOf(waitFor);
        }

        /** The verdict for one dispatched request of this IO. */
        public Handling handling(Request r) {
            if (crash) return new Handling.Crash(137);
            if (commit == null || commit == r.bytes()) return Handling.SERVE;
            if (commit < 0) return transfer ? new Handling.ServeThenFail(-commit) : new Handling.Fail(-commit);
            return new Handling.Partial(commit);
        }
    }

    /** The data path for a variant name (copy | user-copy | zero-copy); model-only variants are refused. */
    public static DataPath dataPath(String variant) {
        Variant v = Variant.parse(variant);
        if (v == null) throw new Unexpressible("unknown variant '" + variant + "' (copy, user-copy, zero-copy)");
        return switch (v) {
            case COPY -> DataPath.COPY;
            case USER_COPY -> DataPath.USER_COPY;
            case ZERO_COPY -> DataPath.ZERO_COPY;
            case RFC_V1, RFC_FIXED -> throw new Unexpressible("variant " + v.id() + " exists only in the model: no"
                + " kernel has it; replay this scenario on a mainline data path with --variant user-copy (or copy)");
        };
    }


    /** Decides everything for {@code setup} on {@code path}; {@code crashes} tells whether the server may die. */
    public static RealPlan of(Setup setup, DataPath path, boolean crashesAllowed) {
        List<String> notes = new ArrayList<>();
        Config c = config(setup, notes);
        for (IoSpec io : setup.ios()) checkIo(io, c);
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < setup.ios().size(); i++) decisions.add(decision(setup, i, crashesAllowed));
        checkWaits(setup, decisions);
        if (path == DataPath.ZERO_COPY && decisions.stream().anyMatch(Decision::crash)) {
            throw new Unexpressible("a crash plan on zero-copy: the server process streams only its fetches and commits,"
                + " and zero-copy conformance also compares the REGISTER_IO_BUF/UNREGISTER_IO_BUF CQEs");
        }
        DeviceConfig dc = new DeviceConfig(c.queues(), c.depth(), c.maxIoBytes(), path);
        long bytes = ((long) c.sectors() * c.sectorSize() + 4095) & ~4095L;
        return new RealPlan(setup, dc, bytes, List.copyOf(decisions), List.copyOf(notes));
    }

    private static Config config(Setup s, List<String> notes) {
        Config c = s.config();
        if (c.pageSize() != 4096 || c.sectorSize() != 512) {
            throw new Unexpressible("pageSize " + c.pageSize() + " / sectorSize " + c.sectorSize()
                + ": the real kernel here has 4096-byte pages and 512-byte sectors");
        }
        if (c.maxIoBytes() < 4096 || c.maxIoBytes() % 4096 != 0 || c.maxIoBytes() > 1 << 25) {
            throw new Unexpressible("maxIoBytes " + c.maxIoBytes() + ": max_io_buf_bytes must be a page multiple in 4 KiB..32 MiB");
        }
        if (c.recovery() != Recovery.OFF) throw new Unexpressible("recovery " + c.recovery() + ": the real server has no user recovery");
        if (s.server() instanceof ServerSpec.Adversarial) {
            throw new Unexpressible("server policy adversarial: its arbitrary splices, user copies and commits of any tag"
                + " are model actions the real server does not issue");
        }
        if (s.server().chunk() > 0) {
            notes.add("chunk " + s.server().chunk() + ": the RAM target moves each request with one copy (transfers are not observed)");
        }
        if (c.tagPolicy() != TagPolicy.ANY) {
            notes.add("tagPolicy " + c.tagPolicy().id() + ": the kernel's sbitmap picks the tags (per-CPU hints, the elevator's"
                + " own tags); the trace is judged with tag policy any");
        }
        if (!s.crashes().isEmpty()) {
            notes.add("faults.crash " + s.crashes() + ": no environment crash is injected; a run without one is one of the model's behaviours");
        }
        if (!s.inOrder()) notes.add("submit any: the client submits in file order, one of the orders the model allows");
        return c;
    }

    private static void checkIo(IoSpec io, Config c) {
        if (io.op() == ReqOp.DISCARD) {
            throw new Unexpressible("io " + io.id() + ": DISCARD: the real device sets no discard parameters, so the block"
                + " layer would refuse it before ublk sees it");
        }
        if (io.bytes() > c.maxIoBytes()) {
            throw new Unexpressible("io " + io.id() + ": " + io.bytes() + " bytes exceed maxIoBytes " + c.maxIoBytes()
                + ": the block layer would split it into several requests the model does not have");
        }
        int unsplit = unsplitSectors(io.sector(), c.maxIoBytes() / 512);
        if (io.bytes() / 512 > unsplit) {
            throw new Unexpressible("io " + io.id() + ": " + io.bytes() / 512 + " sectors at sector " + io.sector() + ": the block"
                + " layer splits a bio after " + unsplit + " sectors there (get_max_io_size aligns the split to the 4096-byte"
                + " physical block the server sets), into requests the model does not have");
        }
        if ((io.sector() * c.sectorSize() + io.bytes()) > (long) c.sectors() * c.sectorSize()) {
            throw new Unexpressible("io " + io.id() + " ends past config.sectors " + c.sectors());
        }
    }

    /**
     * The most sectors a bio starting at {@code sector} keeps in one request: block/blk-merge.c
     * get_max_io_size (6.12.118 L203-240, the same in 7.3.4 L229-266) with lim->max_sectors =
     * max_io_buf_bytes / 512 and the physical block of 4096 bytes (8 sectors) that Control.setParams
     * sets: the split point is aligned down to a physical block, so an IO that does not start on one
     * is split before maxIoBytes (found by the fidelity campaign: a 5120-byte WRITE at sector 23 with
     * maxIoBytes 8192 arrived as 4608 + 512).
     */
    public static int unsplitSectors(long sector, int maxSectors) {
        int pbs = 8;
        int start = (int) (sector & (pbs - 1));
        int end = (start + maxSectors) & ~(pbs - 1);
        return end > start ? end - start : maxSectors;
    }

    private static List<Action> plan(Setup s, int io) {
        if (s.server() instanceof ServerSpec.Script sc && sc.plans().get(io) != null) return sc.plans().get(io);
        return null;
    }

    /**
     * {@code s} with every script plan in the order the real server carries it out ({@link Decision#handling},
     * {@link ScenarioHandler}): a crash plan crashes at the request's fetch, before anything else in it; any
     * other plan transfers at the fetch and only its commit waits for the plan's {@code waitFor}s (a per-tag
     * commit deferral), so [waitFor, transfer, commit] runs as [transfer, waitFor, commit]. Under copy and
     * user-copy the transfers are not observed, so this changes no verdict there; zero copy observes the
     * transfer's REGISTER_IO_BUF/UNREGISTER_IO_BUF CQEs (fidelity 7.3, scenario 3 of seed 20261204: io1's
     * REGISTER_IO_BUF came before io0, which it waited for, had ended). Plans the real server cannot
     * express are returned as they are ({@link #of} refuses them).
     */
    public static Setup asServed(Setup s) {
        if (!(s.server() instanceof ServerSpec.Script sc)) return s;
        List<List<Action>> plans = new ArrayList<>();
        boolean changed = false;
        for (List<Action> plan : sc.plans()) {
            List<Action> served = plan == null ? null : served(plan);
            changed |= served != null && !served.equals(plan);
            plans.add(served);
        }
        return changed ? new Setup(s.config(), s.ios(), new ServerSpec.Script(plans, sc.chunk()), s.crashes(), s.inOrder(), s.lifecycle())
            : s;
    }

    private static List<Action> served(List<Action> plan) {
        if (plan.stream().anyMatch(a -> a instanceof Action.Crash)) return List.of(new Action.Crash());
        Action.Transfer transfer = null;
        List<Action> waits = new ArrayList<>();
        Action.Commit commit = null;
        for (Action a : plan) {
            switch (a) {
                case Action.Transfer t -> transfer = t;          // one transfer: the last len bounds it (moved)
                case Action.WaitFor w -> waits.add(w);
                case Action.Commit k -> commit = k;
                default -> {
                    return plan;                                 // refused by of(): left alone
                }
            }
        }
        if (commit == null) return plan;
        List<Action> out = new ArrayList<>();
        if (transfer != null) out.add(transfer);
        out.addAll(waits);
        out.add(commit);
        return out;
    }

    /** Translates one IO's plan; refuses what the real server cannot do. */
    private static Decision decision(Setup s, int io, boolean crashesAllowed) {
        List<Action> plan = plan(s, io);
        if (plan == null) return Decision.CORRECT;
        IoSpec spec = s.ios().get(io);
        String where = "server.plans." + spec.id();
        boolean transferred = false;
        Integer moved = null;                          // a transfer's len bound: the real server moves that much
        List<String> waits = new ArrayList<>();
        for (int pc = 0; pc < plan.size(); pc++) {
            boolean last = pc == plan.size() - 1;
            switch (plan.get(pc)) {
                case Action.Transfer t -> {
                    transferred = true;
                    moved = t.len();
                }
                case Action.WaitFor w -> waits.add(w.io());
                case Action.Crash x -> {
                    if (!crashesAllowed) {
                        throw new Unexpressible(where + ": crash: killing the server would kill the client and the trace"
                            + " in this process (a crash plan runs the server in a process of its own)");
                    }
                    return new Decision(true, null, waits, transferred);
                }
                case Action.Commit k -> {
                    if (!last) throw new Unexpressible(where + ": actions after the commit: the tag belongs to the next request by then");
                    return new Decision(false, commitResult(where, spec, moved(where, spec, k.result(), moved), transferred),
                        waits, transferred);
                }
                case Action.Splice x -> throw new Unexpressible(where + ": splice is an RFC action (UBLK_F_SPLICE_ZC) no mainline kernel has");
                case Action.UserCopy x -> throw new Unexpressible(where + ": userCopy at arbitrary offsets/tags: the real"
                    + " server only copies its own request whole");
                case Action.Register x -> throw zeroCopyAction(where, x);
                case Action.Unregister x -> throw zeroCopyAction(where, x);
                case Action.Fixed x -> throw zeroCopyAction(where, x);
            }
        }
        throw new Unexpressible(where + ": the plan never commits: the request would stay with the server and the device"
            + " could not be deleted");
    }

    /**
     * The real server moves exactly what it commits (Handling.Partial transfers the first N bytes), so
     * a short commit needs a transfer of that len, and a bounded transfer commits its len.
     */
    private static Integer moved(String where, IoSpec spec, Integer result, Integer moved) {
        if (moved != null) {
            if (!spec.op().hasData()) throw new Unexpressible(where + ": a transfer len for a " + spec.op() + " request");
            if (result != null && !result.equals(moved) && result >= 0) {
                throw new Unexpressible(where + ": commit " + result + " after a transfer of " + moved + " bytes: the real"
                    + " server commits what it moved");
            }
            return result != null ? result : Math.min(moved, spec.bytes());
        }
        if (result != null && result > 0 && spec.op().hasData() && result < spec.bytes()) {
            throw new Unexpressible(where + ": commit " + result + " after a whole transfer: the real server moves only what"
                + " it commits; write {\"do\": \"transfer\", \"len\": " + result + "}");
        }
        return result;
    }

    private static Unexpressible zeroCopyAction(String where, Action x) {
        return new Unexpressible(where + ": " + x.kind() + " with explicit slots/offsets: the real server registers,"
            + " reads or writes, and unregisters its own request whole (slot = tag)");
    }

    private static Integer commitResult(String where, IoSpec spec, Integer result, boolean transferred) {
        if (result == null) {
            if (!transferred) throw new Unexpressible(where + ": a commit without result and without a transfer");
            return null;
        }
        if (result > 0 && spec.op().hasData() && result > spec.bytes()) {
            throw new Unexpressible(where + ": commit result " + result + " exceeds the request's " + spec.bytes()
                + " bytes: the real server never commits more than blk_rq_bytes (Handling.Partial is clamped)");
        }
        if (result == 0 && spec.op().hasData()) {
            throw new Unexpressible(where + ": commit result 0 for a " + spec.op() + ": blk_update_request ends no byte, the"
                + " request is requeued and committed with 0 again, forever (a livelock: ublk-lab check proves it); the client"
                + " IO would never complete");
        }
        if (result > 0 && spec.op().hasData() && spec.bytes() % result != 0) {
            throw new Unexpressible(where + ": commit result " + result + " does not divide " + spec.bytes()
                + ": the requeued remainder would be smaller than the result the plan commits");
        }
        if (result >= 0 && !spec.op().hasData() && result != 0) {
            throw new Unexpressible(where + ": a positive result for a " + spec.op() + " request");
        }
        return result;
    }

    /** waitFor: same queue, no cycles, no `after` back to the waiter, and the held requests fit in the depth. */
    private static void checkWaits(Setup s, List<Decision> ds) {
        for (int i = 0; i < ds.size(); i++) {
            IoSpec spec = s.ios().get(i);
            for (String w : ds.get(i).waitFor()) {
                IoSpec other = s.ios().get(s.ioIndex(w));
                if (other.queue() != spec.queue()) {
                    throw new Unexpressible("server.plans." + spec.id() + ": waitFor " + w + " on another queue: a queue's"
                        + " daemon would have to wait on another daemon's completion; not expressed");
                }
                if (dependsOn(s, s.ioIndex(w), spec.id(), new HashSet<>())) {
                    throw new Unexpressible("server.plans." + spec.id() + ": waitFor " + w + " which cannot complete before "
                        + spec.id() + " (after or waitFor chain): the real run would hang");
                }
            }
            if (chain(s, ds, i, 0) >= s.config().depth()) {
                throw new Unexpressible("server.plans." + spec.id() + ": the waitFor chain holds more requests than depth "
                    + s.config().depth() + ": the awaited IO could never get a tag");
            }
        }
    }

    private static boolean dependsOn(Setup s, int io, String target, Set<Integer> seen) {
        if (!seen.add(io)) return false;
        IoSpec spec = s.ios().get(io);
        if (spec.after() != null && (spec.after().equals(target) || dependsOn(s, s.ioIndex(spec.after()), target, seen))) return true;
        if (plan(s, io) == null) return false;
        for (Action a : plan(s, io)) {
            if (a instanceof Action.WaitFor w && (w.io().equals(target) || dependsOn(s, s.ioIndex(w.io()), target, seen))) return true;
        }
        return false;
    }

    private static int chain(Setup s, List<Decision> ds, int io, int depth) {
        if (depth > ds.size()) return depth;
        int best = 0;
        for (String w : ds.get(io).waitFor()) best = Math.max(best, 1 + chain(s, ds, s.ioIndex(w), depth + 1));
        return best;
    }
}
