package dev.ublklab.sim.check;

import java.util.HashMap;
import java.util.Map;

/**
 * Predecessor links, TLC-style: state number n (its ordinal, in the order states were added) was
 * first reached from state {@code parent(n)} by the event at index {@code choice(n)} of
 * {@code Model.enabled} in that state's stored representative. 5 bytes per state in chunks that
 * never move. A counterexample is the chain of choices from the initial state, replayed.
 */
final class Links {
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private int[][] parents = new int[16][];
    private byte[][] choices = new byte[16][];
    /** Choices of 255 and more, which do not fit the byte (rare: states with that many events). */
    private final Map<Integer, Integer> wide = new HashMap<>();
    private int size;

    int size() {
        return size;
    }

    long bytes() {
        long chunks = (size + CHUNK - 1) >>> CHUNK_BITS;
        return chunks * CHUNK * 5L;
    }

    /** Adds the next state; returns its ordinal. */
    int add(int parent, int choice) {
        int n = size;
        int c = n >>> CHUNK_BITS;
        if (c == parents.length) {
            parents = java.util.Arrays.copyOf(parents, c * 2);
            choices = java.util.Arrays.copyOf(choices, c * 2);
        }
        if (parents[c] == null) {
            parents[c] = new int[CHUNK];
            choices[c] = new byte[CHUNK];
        }
        parents[c][n & (CHUNK - 1)] = parent;
        if (choice >= 255) {
            wide.put(n, choice);
            choices[c][n & (CHUNK - 1)] = (byte) 255;
        } else {
            choices[c][n & (CHUNK - 1)] = (byte) choice;
        }
        size = n + 1;
        return n;
    }

    int parent(int n) {
        return parents[n >>> CHUNK_BITS][n & (CHUNK - 1)];
    }

    int choice(int n) {
        int c = choices[n >>> CHUNK_BITS][n & (CHUNK - 1)] & 0xff;
        return c == 255 ? wide.get(n) : c;
    }

    /** The choices that lead from the initial state (ordinal 0) to state {@code n}. */
    java.util.List<Integer> schedule(int n) {
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (int k = n; parent(k) >= 0; k = parent(k)) {
            out.add(choice(k));
        }
        java.util.Collections.reverse(out);
        return out;
    }
}
