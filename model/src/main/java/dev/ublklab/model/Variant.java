package dev.ublklab.model;

/** The driver variant: one switch over the same state (MODEL.md §3). */
public enum Variant {
    /** Ming Lei's 2022 splice RFC as posted (UBLK_F_SPLICE_ZC, {@code handled}, consumed_by_read). */
    RFC_V1("rfc-v1"),
    /** Mainline default: data copied at dispatch (WRITE) and at commit (READ). */
    COPY("copy"),
    /** Mainline 6.5+ UBLK_F_USER_COPY: pread/pwrite on /dev/ublkcN. */
    USER_COPY("user-copy"),
    /** Mainline 6.15+ buffer registration (UBLK_F_SUPPORT_ZERO_COPY). */
    ZERO_COPY("zero-copy"),
    /**
     * Our own corrected RFC design (docs/findings.md): every pipe buffer holds a reference on the
     * request (io->ref, completion waits for the last put), the segment walk stops at {@code len},
     * {@code handled} is charged with the bytes pushed, and SPLICE_F_DIRECT refuses a -1 offset.
     */
    RFC_FIXED("rfc-fixed");

    private final String id;

    Variant(String id) {
        this.id = id;
    }

    /** The name used in scenario files and on the command line. */
    public String id() {
        return id;
    }

    /** Whether the model implements this variant's data path yet. */
    public boolean modelled() {
        return switch (this) {
            case COPY, RFC_V1, USER_COPY, RFC_FIXED, ZERO_COPY -> true;
        };
    }

    /**
     * Whether the driver pins a request handed to the server with io->ref (bias, per-copy and
     * per-registered-buffer references): ublk_need_req_ref() is true for UBLK_F_USER_COPY and
     * UBLK_F_SUPPORT_ZERO_COPY (ublk_drv.c cb9f145f, ublk_dev_need_req_ref), and rfc-fixed borrows it.
     */
    public boolean usesRef() {
        return this == USER_COPY || this == ZERO_COPY || this == RFC_FIXED;
    }

    /** Parses a scenario name such as {@code user-copy}; null when unknown. */
    public static Variant parse(String s) {
        for (Variant v : values()) {
            if (v.id.equals(s)) {
                return v;
            }
        }
        return null;
    }
}
