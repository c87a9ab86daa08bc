package dev.ublklab.model;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A kernel version the model knows: a named list of {@link Behaviour} switches. The model's code
 * never compares versions; it asks {@link #has}. A scenario without {@code config.kernel} runs
 * {@link #SIMPLIFIED}, the model of the earlier sessions, so that every bundled scenario keeps its
 * verdict.
 */
public enum KernelVersion {
    /** The first model: copy and user-copy paths as in 6.12, zero copy as in about 6.17, a simplified lifecycle. */
    SIMPLIFIED("simplified", "the first model: copy/user-copy as in 6.12, zero copy as in ~6.17, a simplified lifecycle",
            on(Behaviour.COPY_PATH, Behaviour.USER_COPY, Behaviour.ZERO_COPY, Behaviour.SPLICE_ZC,
                    Behaviour.SIMPLE_LIFECYCLE)),
    /** The base of Ming Lei's splice RFC (rfc-v1, rfc-fixed). */
    V6_1("6.1", "6.1-rc, the base of the 2022 splice RFC (rfc-v1, rfc-fixed)",
            on(Behaviour.COPY_PATH, Behaviour.SPLICE_ZC, Behaviour.SIMPLE_LIFECYCLE)),
    /**
     * The default guest's kernel: Debian 6.12.118+deb12 (bookworm-security, linux-source-6.12
     * 6.12.118-1~deb12u1). No working zero copy (GET_FEATURES 0x1fe); a short commit is requeued
     * (ublk_unmap_io L927-950 returns rq_bytes, then blk_update_request L1104).
     */
    V6_12("6.12", "Debian 6.12.118 (bookworm-security; the default guest): copy, user-copy; short commits requeue the rest",
            on(Behaviour.COPY_PATH, Behaviour.USER_COPY, Behaviour.SIMPLE_LIFECYCLE, Behaviour.NOSRV_STOPS_DEV)),
    /** Mainline v6.14 (drivers/block/ublk_drv.c blob ca9a67b5). */
    V6_14("6.14", "mainline v6.14 (ublk_drv.c blob ca9a67b5)",
            on(Behaviour.COPY_PATH, Behaviour.USER_COPY, Behaviour.MAINLINE_LIFECYCLE, Behaviour.LLIST_DISPATCH,
                    Behaviour.CANCEL_ABORTS_REQUESTS, Behaviour.ABORT_BY_CACHED_RQ, Behaviour.NOSRV_WORK,
                    Behaviour.TIMEOUT_ABORTS, Behaviour.STOP_CANCELS_DEAD)),
    /** Mainline v6.16 (drivers/block/ublk_drv.c blob 9fd284fa). */
    V6_16("6.16", "mainline v6.16 (ublk_drv.c blob 9fd284fa)",
            on(Behaviour.COPY_PATH, Behaviour.USER_COPY, Behaviour.ZERO_COPY, Behaviour.MAINLINE_LIFECYCLE,
                    Behaviour.START_BEFORE_CANCELING, Behaviour.CANCEL_SKIPS_STARTED, Behaviour.PER_IO_TASK,
                    Behaviour.RELEASE_TEARDOWN, Behaviour.RESET_FLAGS_ON_LAST_FETCH, Behaviour.COMMIT_REQ_FROM_IO,
                    Behaviour.STOP_CANCELS_DEAD)),
    /**
     * The trixie-backports guest's kernel: Debian 7.3.4+deb13 (linux-source-7.3 7.3.4-1~bpo13+1).
     * Zero copy as the model has it (about 6.17; AUTO_BUF_REG, BATCH_IO, SHMEM_ZC not modelled); a
     * short commit of a request with no copy-back ends the whole request (a kernel finding).
     */
    V7_3("7.3", "Debian 7.3.4 (trixie-backports guest): copy, user-copy, zero copy; a short commit ends a WRITE whole",
            on(Behaviour.COPY_PATH, Behaviour.USER_COPY, Behaviour.ZERO_COPY, Behaviour.SIMPLE_LIFECYCLE,
                    Behaviour.SHORT_COMMIT_ENDS_WHOLE, Behaviour.NOSRV_STOPS_DEV)),
    /**
     * 7.3.4 with repro/ublk-short-commit-fix-7.3.4.diff applied (the patched ublk_drv.ko that
     * real/vm/build-module.sh builds): short commits requeue the rest again. Never chosen from a
     * release; name it with --kernel (or UBLK_LAB_MODEL_KERNEL in the guest tests).
     */
    V7_3_FIXED("7.3-fixed", "7.3.4 with the project's short-commit fix (repro/ublk-short-commit-fix-7.3.4.diff)",
            on(Behaviour.COPY_PATH, Behaviour.USER_COPY, Behaviour.ZERO_COPY, Behaviour.SIMPLE_LIFECYCLE,
                    Behaviour.NOSRV_STOPS_DEV));

    private final String id;
    private final String description;
    private final Set<Behaviour> behaviours;

    private static EnumSet<Behaviour> on(Behaviour... bs) {
        EnumSet<Behaviour> s = EnumSet.noneOf(Behaviour.class);
        s.addAll(List.of(bs));
        return s;
    }

    KernelVersion(String id, String description, EnumSet<Behaviour> behaviours) {
        this.id = id;
        this.description = description;
        this.behaviours = behaviours;
    }

    /** The version's name in scenario files ({@code config.kernel}) and on the command line. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** Whether the model, at this version, behaves as the switch says. */
    public boolean has(Behaviour b) {
        return behaviours.contains(b);
    }

    /** The switches of this version, in declaration order. */
    public List<Behaviour> behaviours() {
        return List.copyOf(behaviours);
    }

    /** The switches on in exactly one of the two versions, in declaration order. */
    public static List<Behaviour> diff(KernelVersion a, KernelVersion b) {
        List<Behaviour> out = new ArrayList<>();
        for (Behaviour x : Behaviour.values()) {
            if (a.has(x) != b.has(x)) {
                out.add(x);
            }
        }
        return out;
    }

    /**
     * The switch a variant's data path needs, or null: a scenario whose variant the version lacks is
     * refused (zero copy on 6.14, for example).
     */
    public static Behaviour dataPath(Variant v) {
        return switch (v) {
            case COPY -> Behaviour.COPY_PATH;
            case USER_COPY -> Behaviour.USER_COPY;
            case ZERO_COPY -> Behaviour.ZERO_COPY;
            case RFC_V1, RFC_FIXED -> Behaviour.SPLICE_ZC;
        };
    }

    /**
     * Why this version cannot run a scenario of variant {@code v}, in one sentence, or null when it
     * can.
     */
    public String refusal(Variant v) {
        Behaviour b = dataPath(v);
        return has(b) ? null : "kernel " + id + " has no " + v.id() + " data path (" + b.description() + ": " + b.source() + ")";
    }

    /** Parses a version name such as {@code 6.16}; null when unknown. */
    public static KernelVersion parse(String s) {
        for (KernelVersion k : values()) {
            if (k.id.equals(s)) {
                return k;
            }
        }
        return null;
    }

    /** The known version names, comma-separated, for error messages. */
    public static String names() {
        List<String> n = new ArrayList<>();
        for (KernelVersion k : values()) {
            n.add(k.id);
        }
        return String.join(", ", n);
    }
}
