package dev.ublklab.model;

import java.util.Arrays;

/** An immutable vector of sector {@link Token}s (a page, a server buffer, the backing store). */
public final class Sectors {
    private final int[] tokens;
    private final int hash;
    /** 64-bit content hash, computed on first use (0: not yet); racy but idempotent. */
    private long content;

    private Sectors(int[] tokens) {
        this.tokens = tokens;
        this.hash = Arrays.hashCode(tokens);
    }

    public static Sectors of(int[] tokens) {
        return new Sectors(tokens.clone());
    }

    public static Sectors filled(int n, int token) {
        int[] t = new int[n];
        Arrays.fill(t, token);
        return new Sectors(t);
    }

    public int size() {
        return tokens.length;
    }

    public int get(int i) {
        return tokens[i];
    }

    /** A copy with sector {@code i} replaced; the same object when nothing changes. */
    public Sectors with(int i, int token) {
        if (tokens[i] == token) {
            return this;
        }
        int[] t = tokens.clone();
        t[i] = token;
        return new Sectors(t);
    }

    /** A copy with {@code n} sectors from {@code src[srcPos..]} written at {@code pos}. */
    public Sectors withRange(int pos, int[] src, int srcPos, int n) {
        int[] t = tokens.clone();
        System.arraycopy(src, srcPos, t, pos, n);
        return new Sectors(t);
    }

    /**
     * A stable 64-bit hash of the contents, for fingerprints that are compared across runs: the
     * sum of a strong mix of each (index, token) pair, so the terms are independent and the CPU
     * overlaps them. Cached, since states share their vectors.
     */
    public long contentHash() {
        long c = content;
        if (c == 0) {
            long sum = tokens.length;
            for (int i = 0; i < tokens.length; i++) {
                long x = ((long) tokens[i] << 32 | i) * 0x9E3779B97F4A7C15L;
                x ^= x >>> 29;
                sum += x * 0xBF58476D1CE4E5B9L;
            }
            sum ^= sum >>> 33;
            sum *= 0xFF51AFD7ED558CCDL;
            sum ^= sum >>> 33;
            c = sum == 0 ? 1 : sum;
            content = c;
        }
        return c;
    }

    public int[] toArray() {
        return tokens.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sectors s && s.hash == hash && Arrays.equals(s.tokens, tokens);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(tokens);
    }
}
