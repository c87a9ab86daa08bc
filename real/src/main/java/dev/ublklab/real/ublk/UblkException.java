package dev.ublklab.real.ublk;

/**
 * A ublk failure with one clear line naming the cause, for command-line entries to print without a
 * stack trace. {@link #exitCode()} is 2 for an environment that cannot do what was asked (no
 * ublk_drv, an unsupported kernel feature), 1 otherwise.
 */
public final class UblkException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public UblkException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public UblkException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = 1;
    }

    public int exitCode() { return exitCode; }

    /** /dev/ublk-control is missing: the running kernel has no ublk_drv. */
    public static UblkException noUblk() {
        return new UblkException("no /dev/ublk-control: this kernel has no ublk_drv; use --vm", 2);
    }

    /** GET_FEATURES lacks a flag the requested configuration needs. */
    public static UblkException unsupported(String flag, long features, String hint) {
        return new UblkException("unsupported kernel feature: " + flag + " (GET_FEATURES=0x" + Long.toHexString(features)
            + ")" + (hint.isEmpty() ? "" : "; " + hint), 2);
    }
}
