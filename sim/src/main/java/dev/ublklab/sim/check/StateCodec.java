package dev.ublklab.sim.check;

import dev.ublklab.model.World;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link World} as a flat vector of ints, and back: the checker's packed form of a state
 * (docs/packed-state.md). The codec is not a second model of the state: it is derived once, by
 * reflection over the record components reachable from {@code World}, into a plan of nodes, then
 * every encode and decode is a walk of that plan over primitives. State added to the model (a new
 * record component, a new record, enum or list of them) is covered without touching this class;
 * a component of a kind the plan cannot encode is refused when the plan is built, naming it.
 *
 * <p>Layout rules (the vector is the pre-order walk of the value):
 * <ul>
 *   <li>{@code int}, {@code short}, {@code byte}, {@code char}: one int; {@code boolean}: 0 or 1;
 *   {@code long}: two ints, high word first.</li>
 *   <li>an enum: ordinal + 1 (0 is null); a {@code String}: its number in this codec's dictionary
 *   + 1 (0 is null; the dictionary only grows, so a number never changes within a run);</li>
 *   <li>{@link Sectors}: its length + 1 (0 is null), then one int per sector token;</li>
 *   <li>a {@code List<E>}: its length, then each element (never null: state lists refuse nulls);</li>
 *   <li>a record component of record type: 1 then the record's components in order, or 0 for
 *   null; a record as a list element or the root: its components in order.</li>
 *   <li>a sealed interface: the index of the value's class among the permitted subclasses + 1,
 *   then the value as that record.</li>
 * </ul>
 * Thread-safe: the plan is immutable and the dictionary concurrent.
 */
public final class StateCodec {
    private final StatePlan.Node root;
    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();

    private StateCodec(Class<?> rootType) {
        this.root = StatePlan.plan(rootType, rootType.getSimpleName(), false);
    }

    private static final StateCodec WORLD = new StateCodec(World.class);

    /** The plan for another root type: for tests of the plan's refusals. */
    static StateCodec forRoot(Class<?> rootType) {
        return new StateCodec(rootType);
    }

    /** The codec of {@code World} (the plan is built once per JVM). */
    public static StateCodec world() {
        return WORLD;
    }

    /** Appends the packed form of {@code w} to {@code out}. */
    public void encode(World w, Ints out) {
        root.enc(this, w, out);
    }

    /** A fresh vector holding only {@code w}. */
    public int[] encode(World w) {
        Ints out = new Ints(64);
        encode(w, out);
        return out.toArray();
    }

    /** Reads one World starting at {@code in}'s position; leaves the position after it. */
    public World decode(Reader in) {
        return (World) root.dec(this, in);
    }

    public World decode(int[] v) {
        Reader r = new Reader(v, 0);
        World w = decode(r);
        if (r.pos != v.length) {
            throw new IllegalArgumentException("packed state has " + (v.length - r.pos) + " ints after the World");
        }
        return w;
    }

    /** The plan, one line per node: the documented layout as this build of the model has it. */
    public String layout() {
        StringBuilder b = new StringBuilder();
        root.describe(b, 0);
        return b.toString();
    }

    int idOf(String s) {
        Integer id = ids.get(s);
        if (id != null) {
            return id;
        }
        synchronized (names) {
            id = ids.get(s);
            if (id == null) {
                id = names.size();
                names.add(s);
                ids.put(s, id);
            }
            return id;
        }
    }

    /** A growable int vector that packed states are written into. */
    public static final class Ints implements CanonicalForm.Sink {
        int[] a;
        int n;

        public Ints(int capacity) {
            a = new int[Math.max(4, capacity)];
        }

        @Override
        public void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        /** A Sectors value as the plan lays it out: length + 1 (0 for null), then its tokens. */
        @Override
        public void sectors(dev.ublklab.model.Sectors s) {
            if (s == null) {
                add(0);
                return;
            }
            add(s.size() + 1);
            for (int i = 0; i < s.size(); i++) {
                add(s.get(i));
            }
        }

        public int size() {
            return n;
        }

        public void clear() {
            n = 0;
        }

        public int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    /** A read position in a packed vector. */
    public static final class Reader {
        final int[] a;
        int pos;

        public Reader(int[] a, int pos) {
            this.a = a;
            this.pos = pos;
        }

        int next() {
            return a[pos++];
        }
    }

    /** The string dictionary: a number for each String any state held (Flaw names), in first-seen order. */
    String name(int id) {
        return names.get(id);
    }
}
