package dev.ublklab.model;

import java.util.Arrays;

/** An immutable vector of sector {@link Token}s (a page, a server buffer, the backing store). */
public final class Sectors {
    private final int[] tokens;
    private final int hash;

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
