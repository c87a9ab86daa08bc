package dev.ublklab.real.replay;

/** What the client tells the server side about its IOs, so that requests are matched to IOs in flight. */
public interface Submissions {
    /** Called before {@code io}'s syscall; returns once the server side knows. */
    void submitted(String io);

    /** Called after {@code io}'s syscall returned. */
    void completed(String io);
}
