package dev.ublklab.sim.check;

import dev.ublklab.model.World;
import java.util.Arrays;

/**
 * A BFS level as packed vectors ({@link StateCodec}) instead of object graphs: states appended in
 * order, each with an int (its ordinal in the predecessor links), read back by index. The ints
 * live in blocks of {@link #BLOCK} that never move, so a level can pass 2^31 ints and growing
 * never copies what was written; a state never straddles two blocks.
 *
 * <p>One writer; readers may run concurrently with each other once writing is done (a level is
 * written by the merge, then read by the workers that expand it).
 */
public final class PackedFrontier {
    /** Ints per block: 4 MiB. A state longer than this gets a block of its own size. */
    static final int BLOCK = 1 << 20;
    private final StateCodec codec;
    private final StateCodec.Ints scratch = new StateCodec.Ints(256);
    private int[][] blocks = new int[4][];
    private int blockCount;
    private int used;
    /** Per state: block index in the high 32 bits, offset in the low 32. */
    private long[] where = new long[1024];
    private int[] ords = new int[1024];
    private int size;
    private long ints;

    public PackedFrontier(StateCodec codec) {
        this.codec = codec;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Appends {@code w} with its ordinal {@code ord}. */
    public void add(World w, int ord) {
        scratch.clear();
        codec.encode(w, scratch);
        int n = scratch.size();
        if (blockCount == 0 || used + n > blocks[blockCount - 1].length) {
            if (blockCount == blocks.length) {
                blocks = Arrays.copyOf(blocks, blockCount * 2);
            }
            blocks[blockCount++] = new int[Math.max(BLOCK, n)];
            used = 0;
        }
        System.arraycopy(scratch.a, 0, blocks[blockCount - 1], used, n);
        if (size == where.length) {
            where = Arrays.copyOf(where, size * 2);
            ords = Arrays.copyOf(ords, size * 2);
        }
        where[size] = (long) (blockCount - 1) << 32 | used;
        ords[size] = ord;
        used += n;
        ints += n;
        size++;
    }

    /** State {@code i}, decoded: a fresh object graph equal to the one added. */
    public World get(int i) {
        long at = where[java.util.Objects.checkIndex(i, size)];
        return codec.decode(new StateCodec.Reader(blocks[(int) (at >>> 32)], (int) at));
    }

    /** The ordinal stored with state {@code i}. */
    public int ord(int i) {
        return ords[java.util.Objects.checkIndex(i, size)];
    }

    /** Bytes held: the blocks allocated plus the index. */
    public long bytes() {
        long b = 0;
        for (int k = 0; k < blockCount; k++) {
            b += blocks[k].length * 4L;
        }
        return b + where.length * 8L + ords.length * 4L;
    }

    /** Ints actually written (the packed size of every state together). */
    public long packedInts() {
        return ints;
    }
}
