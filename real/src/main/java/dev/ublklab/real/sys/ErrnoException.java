package dev.ublklab.real.sys;

/**
 * A failed system call: the call's name and the errno it left, e.g. {@code open /dev/ublk-control:
 * ENOENT (No such file or directory)}.
 */
public final class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String call;
    private final int errno;

    public ErrnoException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
        this.call = call;
        this.errno = errno;
    }

    public String call() { return call; }

    public int errno() { return errno; }
}
