package dev.ublklab.trace;

import java.util.Arrays;

/**
 * Names looked up straight from the characters of a line, without a String per look-up: an open
 * addressing table from a name (hashed as {@link String#hashCode} hashes it) to a value. The
 * reader's tables of event types, sources, SQEs, flaws and fact keys are fixed; its table of IO ids
 * grows as events name new ones. Not thread-safe: one reader, one table.
 */
final class Names<V> {
    private String[] keys = new String[16];
    /** Each key's characters and hash, beside it: a look-up compares arrays and touches no String. */
    private char[][] chars = new char[16][];
    private int[] hashes = new int[16];
    private Object[] values = new Object[16];
    /** 32 - log2(keys.length). */
    private int shift = 28;
    private int size;

    /** Fibonacci hashing: the top bits of h times the golden ratio (ids like r0, r1, ... have neighbouring hashes). */
    private int slot(int h) {
        return (h * 0x9E3779B9) >>> shift;
    }

    /** The value named by {@code a[from, to)} whose hash is {@code h}, or null. */
    @SuppressWarnings("unchecked")
    V get(char[] a, int from, int to, int h) {
        int k = find(a, from, to, h);
        return k < 0 ? null : (V) values[k];
    }

    /** The key equal to {@code a[from, to)}: the table's own String, so that equal names share one. */
    String key(char[] a, int from, int to, int h) {
        int k = find(a, from, to, h);
        return k < 0 ? null : keys[k];
    }

    private int find(char[] a, int from, int to, int h) {
        int mask = keys.length - 1;
        for (int k = slot(h); keys[k] != null; k = (k + 1) & mask) {
            if (hashes[k] == h && same(chars[k], a, from, to)) {
                return k;
            }
        }
        return -1;
    }

    /** A plain loop: names are short, shorter than the vectorised comparison's set-up. */
    private static boolean same(char[] key, char[] a, int from, int to) {
        if (key.length != to - from) {
            return false;
        }
        for (int k = 0; k < key.length; k++) {
            if (key[k] != a[from + k]) {
                return false;
            }
        }
        return true;
    }

    int size() {
        return size;
    }

    void put(String key, V value) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int k = slot(key.hashCode());
        while (keys[k] != null && !keys[k].equals(key)) {
            k = (k + 1) & mask;
        }
        if (keys[k] == null) {
            size++;
        }
        keys[k] = key;
        chars[k] = key.toCharArray();
        hashes[k] = key.hashCode();
        values[k] = value;
    }

    private void grow() {
        String[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new String[oldKeys.length * 2];
        chars = new char[oldKeys.length * 2][];
        hashes = new int[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        shift--;
        size = 0;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] != null) {
                @SuppressWarnings("unchecked")
                V v = (V) oldValues[k];
                put(oldKeys[k], v);
            }
        }
    }

    @Override
    public String toString() {
        return Arrays.toString(Arrays.stream(keys).filter(java.util.Objects::nonNull).toArray());
    }
}
