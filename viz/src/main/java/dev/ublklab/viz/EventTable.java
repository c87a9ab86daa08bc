package dev.ublklab.viz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The events of a trace as parallel arrays, in trace order (event {@code i} is line {@code i + 2}
 * of the file). Integer fields are -1 when the event does not carry them. IOs are indexes into
 * {@link #ioIds()}: the header's IOs first, in header order, then any id met only in events.
 * Fields other than the typed ones (the step's facts and the rest) stay as ordered key/value text.
 */
public final class EventTable {
    private int size;
    private long[] seq = new long[64];
    private long[] time = new long[64];
    private byte[] type = new byte[64];
    private int[] queue = new int[64];
    private int[] tag = new int[64];
    private int[] io = new int[64];
    private int[] index = new int[64];
    private int[] worker = new int[64];
    private int[] completed = new int[64];
    private String[] sqe = new String[64];
    private String[][] facts = new String[64][];
    private final List<String> ioIds;

    public EventTable(List<String> ioIds) {
        this.ioIds = new ArrayList<>(ioIds);
    }

    /** Appends one event; returns its index. {@code facts} alternates keys and values, or is null. */
    public int add(long seqNo, long t, EventType kind, int q, int tg, int ioIndex, int idx, int wk,
                   int completedIo, String sqeName, String[] extra) {
        if (size == seq.length) {
            grow();
        }
        int i = size++;
        seq[i] = seqNo;
        time[i] = t;
        type[i] = (byte) kind.ordinal();
        queue[i] = q;
        tag[i] = tg;
        io[i] = ioIndex;
        index[i] = idx;
        worker[i] = wk;
        completed[i] = completedIo;
        sqe[i] = sqeName;
        facts[i] = extra;
        return i;
    }

    private void grow() {
        int n = seq.length * 2;
        seq = Arrays.copyOf(seq, n);
        time = Arrays.copyOf(time, n);
        type = Arrays.copyOf(type, n);
        queue = Arrays.copyOf(queue, n);
        tag = Arrays.copyOf(tag, n);
        io = Arrays.copyOf(io, n);
        index = Arrays.copyOf(index, n);
        worker = Arrays.copyOf(worker, n);
        completed = Arrays.copyOf(completed, n);
        sqe = Arrays.copyOf(sqe, n);
        facts = Arrays.copyOf(facts, n);
    }

    /** Registers an IO id met only in events; returns its index. */
    int addIoId(String id) {
        ioIds.add(id);
        return ioIds.size() - 1;
    }

    public int size() { return size; }
    public long seq(int i) { return seq[i]; }
    public long time(int i) { return time[i]; }
    public EventType type(int i) { return EventType.of(type[i]); }
    public int queue(int i) { return queue[i]; }
    public int tag(int i) { return tag[i]; }
    public int io(int i) { return io[i]; }
    public int index(int i) { return index[i]; }
    public int worker(int i) { return worker[i]; }
    /** The IO this step completed (fact {@code completed}), or -1. */
    public int completed(int i) { return completed[i]; }
    public String sqe(int i) { return sqe[i]; }
    public List<String> ioIds() { return List.copyOf(ioIds); }
    public int ioCount() { return ioIds.size(); }
    public String ioId(int ioIndex) { return ioIndex < 0 ? null : ioIds.get(ioIndex); }

    /** The value of fact {@code key} of event {@code i} as text, or null. */
    public String fact(int i, String key) {
        String[] f = facts[i];
        if (f == null) {
            return null;
        }
        for (int k = 0; k < f.length; k += 2) {
            if (f[k].equals(key)) {
                return f[k + 1];
            }
        }
        return null;
    }

    /** The untyped fields of event {@code i}, alternating keys and values, in trace order. */
    public List<String> facts(int i) {
        return facts[i] == null ? List.of() : List.of(facts[i]);
    }
}
