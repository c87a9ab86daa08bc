package dev.ublklab.model;

/**
 * What one sector of a page or of the backing store holds, packed into an int so that states stay
 * small and compare fast. Three kinds (MODEL.md §1, Pages):
 * <ul>
 *   <li>{@code Backing(sector, version)}: the backing store's own content of {@code sector};</li>
 *   <li>{@code Data(io, sector)}: what WRITE {@code io} wrote for device sector {@code sector};</li>
 *   <li>{@code Stale(owner)}: leftover bytes of a previous owner (0 = someone else, i+1 = IO i);</li>
 *   <li>{@code Junk}: bytes an adversarial server made up.</li>
 * </ul>
 * Layout: bits 30-31 kind, then for Backing version (10 bits) and sector (20 bits), for Data io
 * index (10 bits) and sector (20 bits).
 */
public final class Token {
    private static final int KIND_BACKING = 0;
    private static final int KIND_DATA = 1;
    private static final int KIND_STALE = 2;
    private static final int KIND_JUNK = 3;
    private static final int SECTOR_MASK = (1 << 20) - 1;
    private static final int MID_MASK = (1 << 10) - 1;

    private Token() {}

    public static int backing(int sector, int version) {
        return (KIND_BACKING << 30) | ((version & MID_MASK) << 20) | (sector & SECTOR_MASK);
    }

    public static int data(int io, int sector) {
        return (KIND_DATA << 30) | ((io & MID_MASK) << 20) | (sector & SECTOR_MASK);
    }

    /** Stale content; {@code owner} is 0 for someone else, i+1 for IO i. */
    public static int stale(int owner) {
        return (KIND_STALE << 30) | (owner & SECTOR_MASK);
    }

    /** Bytes a server made up (an adversarial server's buffer): not the kernel's leftovers, so never Stale. */
    public static int junk() {
        return KIND_JUNK << 30;
    }

    public static boolean isJunk(int t) {
        return (t >>> 30) == KIND_JUNK;
    }

    public static boolean isBacking(int t) {
        return (t >>> 30) == KIND_BACKING;
    }

    public static boolean isData(int t) {
        return (t >>> 30) == KIND_DATA;
    }

    public static boolean isStale(int t) {
        return (t >>> 30) == KIND_STALE;
    }

    /** The device sector a Backing or Data token belongs to. */
    public static int sector(int t) {
        return t & SECTOR_MASK;
    }

    /** The IO index of a Data token. */
    public static int io(int t) {
        return (t >>> 20) & MID_MASK;
    }

    public static int version(int t) {
        return (t >>> 20) & MID_MASK;
    }

    /** Human form, naming IOs through {@code setup}. */
    public static String describe(int t, Setup setup) {
        if (isBacking(t)) {
            return "Backing(" + sector(t) + ",v" + version(t) + ")";
        }
        if (isJunk(t)) {
            return "Junk(server)";
        }
        if (isData(t)) {
            return "Data(" + setup.ios().get(io(t)).id() + "," + sector(t) + ")";
        }
        int owner = t & SECTOR_MASK;
        return owner == 0 ? "Stale(other)" : "Stale(" + setup.ios().get(owner - 1).id() + ")";
    }
}
