package dev.ublklab.real.replay;

import dev.ublklab.model.Action;
import dev.ublklab.model.Config;
import dev.ublklab.model.KernelVersion;
import dev.ublklab.model.ServerSpec;
import dev.ublklab.model.Setup;
import dev.ublklab.model.TagPolicy;
import java.util.List;

/**
 * Which model version a real run is judged against: the guest's own, chosen from its kernel release
 * ({@code uname -r}, the recording's {@code kernel}), or the one the user names with {@code --kernel}.
 * A release the model has no version for is refused with the nearest version named.
 *
 * @param version  the model's version
 * @param release  the running kernel's release
 * @param explicit whether the user chose the version
 */
public record GuestKernel(KernelVersion version, String release, boolean explicit) {

    /** The version for {@code release} (its major.minor), or {@code explicit} when not null. */
    public static GuestKernel choose(String release, KernelVersion explicit) {
        if (explicit != null) return new GuestKernel(explicit, release, true);
        KernelVersion k = forRelease(release);
        if (k == null) throw new Unexpressible(refusal(release));
        return new GuestKernel(k, release, false);
    }

    /**
     * The version named by UBLK_LAB_MODEL_KERNEL (run-in-vm.sh passes it to the guest, for a patched
     * module), or null: then the guest's release chooses.
     */
    public static KernelVersion fromEnv() {
        String v = System.getenv("UBLK_LAB_MODEL_KERNEL");
        if (v == null || v.isBlank()) return null;
        KernelVersion k = KernelVersion.parse(v);
        if (k == null) throw new Unexpressible("UBLK_LAB_MODEL_KERNEL=" + v + ": unknown version (" + KernelVersion.names() + ")");
        return k;
    }

    /** The model version whose id is the release's major.minor ("7.3.4+deb13-amd64" is 7.3), or null. */
    public static KernelVersion forRelease(String release) {
        int[] mm = majorMinor(release);
        return mm == null ? null : KernelVersion.parse(mm[0] + "." + mm[1]);
    }

    /** One line: no version for this release, the nearest one, and how to use it anyway. */
    static String refusal(String release) {
        KernelVersion near = nearest(release);
        return "the model has no version for kernel " + release + " (it knows " + KernelVersion.names() + ")"
            + (near == null ? "" : "; the nearest is " + near.id() + ": pass --kernel " + near.id()
            + " to judge this run against it");
    }

    /** The numbered version closest to the release (by major * 1000 + minor), or null. */
    public static KernelVersion nearest(String release) {
        int[] mm = majorMinor(release);
        if (mm == null) return null;
        KernelVersion best = null;
        int bestDist = Integer.MAX_VALUE;
        for (KernelVersion k : KernelVersion.values()) {
            int[] v = majorMinor(k.id());
            if (v == null) continue;                      // "simplified" is not a kernel
            int d = Math.abs((mm[0] * 1000 + mm[1]) - (v[0] * 1000 + v[1]));
            if (d < bestDist) {
                best = k;
                bestDist = d;
            }
        }
        return best;
    }

    private static int[] majorMinor(String s) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(s == null ? "" : s);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
    }

    /**
     * The setup to judge a real run with: this version, and tag policy any, since the kernel's sbitmap
     * (per-CPU allocation hints, the elevator's own tags) may pick any free tag whatever the scenario's
     * policy says. Refused when the version lacks the run's data path.
     *
     * <p>A plan's {@code crash} halts the real server's process ({@link ReplayServer}, as SIGKILL would):
     * every queue's daemon task exits with it, while the model's crash action kills its own queue's
     * daemon only. So a crash replay is judged with every other queue's daemon allowed to die once at
     * any moment ({@code faults.crash}), which includes the crash's own (fidelity scenario 0 of seed
     * 20261204, 2 queues: q1's plan crashed while q0's server held io1, and io1 failed -EIO without a
     * commit: its daemon had died too). And the plans are in the order the real server carries them out
     * ({@link RealPlan#asServed}).
     */
    public Setup judgeSetup(Setup s) {
        Config c = s.config();
        String no = version.refusal(c.variant());
        if (no != null) throw new Unexpressible(no);
        Setup judged = s.withConfig(new Config(c.queues(), c.depth(), c.variant(), c.pipeSlots(), c.workers(), c.pageSize(),
            c.sectorSize(), c.maxIoBytes(), TagPolicy.ANY, c.recovery(), c.sectors(), version));
        return withProcessCrash(RealPlan.asServed(judged));
    }

    /** {@code s} with faults.crash on every queue but those whose plans crash, when some plan crashes. */
    static Setup withProcessCrash(Setup s) {
        if (!(s.server() instanceof ServerSpec.Script sc)) return s;
        java.util.Set<Integer> crashing = new java.util.TreeSet<>();
        for (int i = 0; i < s.ios().size(); i++) {
            List<Action> plan = i < sc.plans().size() ? sc.plans().get(i) : null;
            if (plan != null && plan.stream().anyMatch(a -> a instanceof Action.Crash)) crashing.add(s.ios().get(i).queue());
        }
        if (crashing.isEmpty()) return s;
        java.util.Set<Integer> faults = new java.util.TreeSet<>(s.crashes());
        for (int q = 0; q < s.config().queues(); q++) if (!crashing.contains(q)) faults.add(q);
        if (faults.equals(new java.util.TreeSet<>(s.crashes()))) return s;
        return new Setup(s.config(), s.ios(), s.server(), List.copyOf(faults), s.inOrder(), s.lifecycle());
    }

    /** For the verdict: which version, and why. */
    public String describe() {
        return "kernel " + version.id() + " (" + (explicit ? "--kernel" : "chosen from uname -r " + release) + ")";
    }
}
