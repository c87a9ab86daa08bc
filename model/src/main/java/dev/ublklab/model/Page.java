package dev.ublklab.model;

/**
 * One page of a client IO's buffer: its per-sector content and whether the client has released it
 * (after which nobody may read or write it through the request).
 */
public record Page(boolean released, Sectors tokens) {
    public Page withTokens(Sectors t) {
        return new Page(released, t);
    }
}
