package dev.ublklab.trace;

/** A trace that cannot be read: names the trace, the line and the cause in one line. */
public final class TraceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TraceException(String message) {
        super(message);
    }
}
