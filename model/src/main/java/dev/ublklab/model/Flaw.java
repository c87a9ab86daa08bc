package dev.ublklab.model;

/**
 * Ghost record of the first time a history invariant broke (the state alone can't show a past
 * access). Holds only state words (no step numbers), so equal histories give equal states.
 *
 * @param invariant the invariant's public name
 * @param what      a fixed phrase naming what happened, e.g. "COMMIT_AND_FETCH_REQ copied READ data"
 */
public record Flaw(String invariant, int queue, int tag, int io, int a, int b, String what) {}
