package dev.ublklab.model;

/** How blk-mq picks a free tag (sbitmap): every free tag, the lowest, or round robin from a hint. */
public enum TagPolicy {
    /** The checker branches over every free tag; the simulator draws one. */
    ANY("any"),
    /** The lowest free tag. */
    LOWEST("lowest"),
    /** The first free tag at or after the last allocated one, like sbitmap's per-cpu alloc_hint. */
    ROUND_ROBIN("roundRobin");

    private final String id;

    TagPolicy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static TagPolicy parse(String s) {
        for (TagPolicy p : values()) {
            if (p.id.equals(s)) {
                return p;
            }
        }
        return null;
    }
}
