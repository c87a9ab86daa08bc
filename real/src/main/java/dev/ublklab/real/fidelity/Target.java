package dev.ublklab.real.fidelity;

import dev.ublklab.model.KernelVersion;
import dev.ublklab.real.replay.GuestKernel;
import dev.ublklab.model.Variant;
import java.util.List;

/**
 * A guest kernel a campaign runs on: its name on the command line, the suite real/vm/run-in-vm.sh
 * boots it with, and the data paths it has (GET_FEATURES: 6.12.117 has no UBLK_F_SUPPORT_ZERO_COPY,
 * 7.3.4 has it; docs/replay.md).
 */
public record Target(String name, String suite, List<Variant> paths) {
    public static final Target K612 = new Target("6.12", null, List.of(Variant.COPY, Variant.USER_COPY));
    public static final Target K73 = new Target("7.3", "trixie-backports", List.of(Variant.COPY, Variant.USER_COPY, Variant.ZERO_COPY));
    public static final List<Target> ALL = List.of(K612, K73);

    /** 6.12, 7.3 or all; null when unknown. */
    public static List<Target> parse(String s) {
        return switch (s) {
            case "6.12" -> List.of(K612);
            case "7.3" -> List.of(K73);
            case "all" -> ALL;
            default -> null;
        };
    }

    /**
     * The model version a trace recorded on {@code release} (the guest's {@code uname -r}) is judged
     * against: the replay's own choice ({@link GuestKernel#forRelease}, the version named by the
     * release's major.minor), else the nearest version the model has, which {@link #note} then says.
     */
    public static KernelVersion version(String release) {
        KernelVersion k = GuestKernel.forRelease(release);
        if (k != null) return k;
        KernelVersion near = GuestKernel.nearest(release);
        return near != null ? near : KernelVersion.SIMPLIFIED;
    }

    /** Why a release is judged against the version {@link #version} picks, in one line. */
    public static String note(String release) {
        KernelVersion k = version(release);
        return GuestKernel.forRelease(release) != null ? "judged against model version " + k.id() + " (chosen from uname -r)"
            : "the model has no version " + majorMinor(release) + ": judged against the nearest, " + k.id() + " (" + k.description() + ")";
    }

    static String majorMinor(String release) {
        String[] p = release.split("[.+-]");
        return p.length >= 2 ? p[0] + "." + p[1] : release;
    }
}
