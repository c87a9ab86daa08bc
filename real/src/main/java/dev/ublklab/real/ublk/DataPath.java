package dev.ublklab.real.ublk;

import dev.ublklab.real.sys.Uapi;

/** How request data moves between the kernel and the server (ublk_cmd.h UBLK_F_* data-path flags). */
public enum DataPath {
    /** The kernel copies to/from the per-tag buffer whose address FETCH_REQ / COMMIT_AND_FETCH_REQ carry. */
    COPY("copy", 0),
    /** UBLK_F_USER_COPY: the server preads/pwrites /dev/ublkcN at UBLKSRV_IO_BUF_OFFSET + (q<<41)+(tag<<25)+off. */
    USER_COPY("user-copy", Uapi.UBLK_F_USER_COPY),
    /** UBLK_F_SUPPORT_ZERO_COPY (6.15+): REGISTER_IO_BUF, then READ_FIXED/WRITE_FIXED on the target's fd. */
    ZERO_COPY("zero-copy", Uapi.UBLK_F_SUPPORT_ZERO_COPY);

    private final String word;
    private final long flag;

    DataPath(String word, long flag) {
        this.word = word;
        this.flag = flag;
    }

    /** The UBLK_F_* flag ADD_DEV needs for this path (0 for COPY). */
    public long flag() { return flag; }

    public String word() { return word; }

    /** Parses copy | user-copy | zero-copy. */
    public static DataPath parse(String s) {
        for (DataPath p : values()) if (p.word.equals(s)) return p;
        throw new IllegalArgumentException("unknown data path '" + s + "' (copy, user-copy, zero-copy)");
    }
}
