package dev.ublklab.sim;

import java.util.List;

/**
 * What a scenario expects: invariants that must hold and invariants that must be violated. An
 * invariant in neither list is not checked.
 */
public record Expect(List<String> hold, List<String> violated) {
    public Expect {
        hold = List.copyOf(hold);
        violated = List.copyOf(violated);
    }

    /** Every invariant the run must evaluate. */
    public List<String> checked() {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(hold);
        all.addAll(violated);
        return all;
    }
}
