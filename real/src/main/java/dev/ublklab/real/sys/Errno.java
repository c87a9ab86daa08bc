package dev.ublklab.real.sys;

/**
 * errno values of x86_64 Linux (include/uapi/asm-generic/errno-base.h and errno.h) with their
 * symbolic names, so that messages say ENODEV rather than 19.
 */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, ENXIO = 6, EBADF = 9,
        EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19,
        EINVAL = 22, ENOSPC = 28, ENOSYS = 38, EOPNOTSUPP = 95, ETIME = 62, ETIMEDOUT = 110, ECANCELED = 125;

    // index = errno; errno-base.h 1..34, then the errno.h values this project can meet
    private static final String[] NAMES = new String[134];
    static {
        String[] base = {null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF",
            "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV",
            "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE",
            "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE"};
        System.arraycopy(base, 0, NAMES, 0, base.length);
        NAMES[35] = "EDEADLK"; NAMES[36] = "ENAMETOOLONG"; NAMES[38] = "ENOSYS"; NAMES[61] = "ENODATA";
        NAMES[62] = "ETIME"; NAMES[75] = "EOVERFLOW"; NAMES[95] = "EOPNOTSUPP"; NAMES[110] = "ETIMEDOUT";
        NAMES[125] = "ECANCELED";
    }

    /** The symbolic name, e.g. {@code ENOENT}, or {@code errno 77} for one not in the table. */
    public static String name(int errno) {
        int e = Math.abs(errno);
        return e < NAMES.length && NAMES[e] != null ? NAMES[e] : "errno " + e;
    }

    /** Name and libc text, e.g. {@code ENOENT (No such file or directory)}. */
    public static String describe(int errno) {
        String text = Libc.strerror(Math.abs(errno));
        return text == null ? name(errno) : name(errno) + " (" + text + ")";
    }
}
