package dev.ublklab.model;

/** The errno values the model uses (include/uapi/asm-generic/errno-base.h, errno.h). */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENODEV = 19;
    public static final int EIO = 5;
    public static final int EAGAIN = 11;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int EACCES = 13;
    public static final int ECANCELED = 125;

    private Errno() {}

    /** "-EIO" for -5, "4096" for 4096. */
    public static String describe(long res) {
        if (res >= 0) {
            return Long.toString(res);
        }
        String n = switch ((int) -res) {
            case EPERM -> "EPERM";
            case EIO -> "EIO";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ECANCELED -> "ECANCELED";
            default -> null;
        };
        return n == null ? Long.toString(res) : "-" + n;
    }
}
