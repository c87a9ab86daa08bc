package dev.ublklab.model;

/** The errno values the model uses (include/uapi/asm-generic/errno-base.h, errno.h). */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENODEV = 19;
    public static final int EIO = 5;
    public static final int ENOMEM = 12;
    public static final int EAGAIN = 11;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int EACCES = 13;
    public static final int ENOSPC = 28;
    public static final int ECANCELED = 125;

    public static final int EOPNOTSUPP = 95;

    /**
     * The errnos block/blk-core.c's blk_errors[] table has (6.12.118 L136-166, 7.3.4 L155-183, the
     * same list): errno_to_blk_status finds these, every other errno becomes BLK_STS_IOERR.
     */
    private static final int[] BLK_ERRORS = {95, 110, 28, 67, 121, 52, 61, 84, 12, 16, 11, 19, 78, 109, 75, 62, 22, 5};

    private Errno() {}

    /**
     * The error a request ended with {@code err} (negative) shows its submitter:
     * blk_status_to_errno(errno_to_blk_status(err)), so an errno outside blk_errors[] reads as -EIO.
     */
    public static int throughBlkStatus(int err) {
        for (int e : BLK_ERRORS) {
            if (-e == err) {
                return err;
            }
        }
        return -EIO;
    }

    /** "-EIO" for -5, "4096" for 4096. */
    public static String describe(long res) {
        if (res >= 0) {
            return Long.toString(res);
        }
        String n = switch ((int) -res) {
            case EPERM -> "EPERM";
            case EIO -> "EIO";
            case ENOMEM -> "ENOMEM";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ECANCELED -> "ECANCELED";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            default -> null;
        };
        return n == null ? Long.toString(res) : "-" + n;
    }
}
