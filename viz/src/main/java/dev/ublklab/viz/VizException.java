package dev.ublklab.viz;

/**
 * A problem with the viewer's input or output that the user can fix: a missing file, a malformed
 * trace line, an unknown filter term. The message is one line, meant to be printed as is.
 */
public final class VizException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VizException(String message) {
        super(message, null, false, false);
    }

    public VizException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
