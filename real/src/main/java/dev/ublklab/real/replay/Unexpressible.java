package dev.ublklab.real.replay;

/**
 * Bad input for a real replay (exit code 2): a scenario feature the real server cannot express, a
 * variant that exists only in the model, a kernel without a needed UBLK_F_* feature, no ublk here.
 * Carries no stack trace: the message is the whole report.
 */
public final class Unexpressible extends RuntimeException {
    public Unexpressible(String message) {
        super(message, null, false, false);
    }
}
