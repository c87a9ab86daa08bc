package dev.ublklab.sim.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Predecessor links, TLC-style: state number n (its ordinal, in the order states were added) was
 * first reached from state {@code parent(n)} by the event at index {@code choice(n)} of
 * {@code Model.enabled} in that state's stored representative. One int per state in chunks that
 * never move: the parent's ordinal in the low 27 bits, the choice in the high 5; choices of 31
 * and more (states with that many enabled events are rare) go to a side table. A counterexample
 * is the chain of choices from the initial state, replayed.
 */
final class Links {
    /** Ordinals must fit 27 bits: 134 million states, past which the checker stops cleanly. */
    static final int MAX = 1 << 27;
    private static final int PARENT_MASK = MAX - 1;
    private static final int WIDE = 31;
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private int[][] chunks = new int[16][];
    private final Map<Integer, Integer> wide = new HashMap<>();
    private int size;

    int size() {
        return size;
    }

    boolean full() {
        return size >= MAX;
    }

    long bytes() {
        long n = (size + CHUNK - 1) >>> CHUNK_BITS;
        return n * CHUNK * 4L;
    }

    /** Adds the next state ({@code parent} -1 for the initial one); returns its ordinal. */
    int add(int parent, int choice) {
        int n = size;
        int c = n >>> CHUNK_BITS;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, c * 2);
        }
        if (chunks[c] == null) {
            chunks[c] = new int[CHUNK];
        }
        int p = parent < 0 ? PARENT_MASK : parent;
        int ch = Math.min(Math.max(choice, 0), WIDE);
        if (ch == WIDE) {
            wide.put(n, choice);
        }
        chunks[c][n & (CHUNK - 1)] = ch << 27 | p;
        size = n + 1;
        return n;
    }

    /** Forgets every state from ordinal {@code n} on (a level merged past a deadlock that ends the search). */
    void truncate(int n) {
        for (int k = n; k < size; k++) {
            wide.remove(k);
        }
        size = Math.min(size, n);
    }

    int parent(int n) {
        int p = chunks[n >>> CHUNK_BITS][n & (CHUNK - 1)] & PARENT_MASK;
        return p == PARENT_MASK ? -1 : p;
    }

    int choice(int n) {
        int c = chunks[n >>> CHUNK_BITS][n & (CHUNK - 1)] >>> 27;
        return c == WIDE ? wide.get(n) : c;
    }

    /** The choices that lead from the initial state (ordinal 0) to state {@code n}. */
    List<Integer> schedule(int n) {
        List<Integer> out = new ArrayList<>();
        for (int k = n; parent(k) >= 0; k = parent(k)) {
            out.add(choice(k));
        }
        Collections.reverse(out);
        return out;
    }
}
