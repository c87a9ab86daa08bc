package dev.ublklab.trace;

/** Who wrote a trace: the simulator, the checker (a counterexample) or the real backend. */
public enum Src {
    SIM, CHECK, REAL;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The source written as {@code wire}, or null. */
    public static Src byWire(String wire) {
        for (Src s : values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        return null;
    }
}
