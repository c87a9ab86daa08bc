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
     * against: the version named by its major.minor when the model has it, else the model's default
     * ({@link KernelVersion#SIMPLIFIED}: copy and user-copy as in 6.12, zero copy as in ~6.17),
     * which {@link #note} then says. The same choice as replay's ({@link GuestKernel#forRelease}).
     */
    public static KernelVersion version(String release) {
        KernelVersion k = GuestKernel.forRelease(release);
        return k != null ? k : KernelVersion.SIMPLIFIED;
    }

    /** Why a release is judged against the version {@link #version} picks, in one line. */
    public static String note(String release) {
        KernelVersion k = version(release);
        return k.id().equals(majorMinor(release)) ? "judged against model version " + k.id()
            : "the model has no version " + majorMinor(release) + " yet: judged against " + k.id() + " (" + k.description() + ")";
    }

    static String majorMinor(String release) {
        String[] p = release.split("[.+-]");
        return p.length >= 2 ? p[0] + "." + p[1] : release;
    }
}
