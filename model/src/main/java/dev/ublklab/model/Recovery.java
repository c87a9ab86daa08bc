package dev.ublklab.model;

/** UBLK_F_USER_RECOVERY modes. Only {@link #OFF} is modelled so far; scenarios asking for another are refused. */
public enum Recovery {
    OFF("off"),
    USER_RECOVERY("USER_RECOVERY"),
    REISSUE("REISSUE");

    private final String id;

    Recovery(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Recovery parse(String s) {
        for (Recovery r : values()) {
            if (r.id.equals(s)) {
                return r;
            }
        }
        return null;
    }
}
