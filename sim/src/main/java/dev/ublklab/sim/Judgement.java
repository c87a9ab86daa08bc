package dev.ublklab.sim;

/**
 * Whether what a run, a swarm, a search or a real replay showed meets the scenario's
 * {@code expect}, and a one-line reason. (How a run ended is its {@link dev.ublklab.trace.Verdict}.)
 */
public record Judgement(boolean met, String reason) {}
