package dev.ublklab.model;

/** The result of {@link Model#apply}: the next state, or why the event cannot happen. */
public sealed interface Outcome {
    /** The event happened; {@code facts} say what it did. */
    record Next(World world, Event event, Facts facts) implements Outcome {}

    /** The event is not possible in this state. {@code errno} is the kernel's answer where one exists, else 0. */
    record Rejected(int errno, String reason) implements Outcome {}
}
