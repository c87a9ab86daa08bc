package dev.ublklab.sim.check;

import dev.ublklab.model.Sectors;
import dev.ublklab.model.World;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
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
    private final Node root;
    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> names = new java.util.concurrent.CopyOnWriteArrayList<>();

    private StateCodec(Class<?> rootType) {
        this.root = plan(rootType, rootType.getSimpleName(), false);
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

    private int idOf(String s) {
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
    public static final class Ints {
        int[] a;
        int n;

        public Ints(int capacity) {
            a = new int[Math.max(4, capacity)];
        }

        public void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
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

    // ---- the plan ----

    private abstract static class Node {
        final String path;

        Node(String path) {
            this.path = path;
        }

        abstract void enc(StateCodec c, Object v, Ints out);

        abstract Object dec(StateCodec c, Reader in);

        void describe(StringBuilder b, int indent) {
            b.append("  ".repeat(indent)).append(path).append(": ").append(kind()).append('\n');
        }

        abstract String kind();
    }

    private static Node plan(Type t, String path, boolean nullable) {
        if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
            return new ListNode(path, plan(p.getActualTypeArguments()[0], path + "[]", false));
        }
        if (!(t instanceof Class<?> c)) {
            throw new IllegalStateException("StateCodec: " + path + ": type " + t + " is not supported; extend the plan");
        }
        if (c == int.class || c == short.class || c == byte.class || c == char.class || c == boolean.class || c == long.class) {
            return new PrimNode(path, c);
        }
        if (c.isEnum()) {
            return new EnumNode(path, c);
        }
        if (c == String.class) {
            return new StringNode(path);
        }
        if (c == Sectors.class) {
            return new SectorsNode(path);
        }
        if (c.isRecord()) {
            return RecordNode.of(path, c, nullable);
        }
        if (c.isSealed() && c.isInterface()) {
            return new SealedNode(path, c);
        }
        throw new IllegalStateException("StateCodec: " + path + ": " + c.getName()
                + " is neither a primitive, enum, String, Sectors, List, record nor sealed interface; extend the plan");
    }

    private static final class PrimNode extends Node {
        private final int code;

        PrimNode(String path, Class<?> c) {
            super(path);
            this.code = c == int.class ? 0 : c == long.class ? 1 : c == boolean.class ? 2 : c == short.class ? 3 : c == byte.class ? 4 : 5;
        }

        @Override
        void enc(StateCodec c, Object v, Ints out) {
            switch (code) {
                case 0 -> out.add((Integer) v);
                case 1 -> {
                    long x = (Long) v;
                    out.add((int) (x >>> 32));
                    out.add((int) x);
                }
                case 2 -> out.add((Boolean) v ? 1 : 0);
                case 3 -> out.add((Short) v);
                case 4 -> out.add((Byte) v);
                default -> out.add((Character) v);
            }
        }

        @Override
        Object dec(StateCodec c, Reader in) {
            return switch (code) {
                case 0 -> in.next();
                case 1 -> {
                    long hi = in.next();
                    yield hi << 32 | (in.next() & 0xffffffffL);
                }
                case 2 -> in.next() != 0;
                case 3 -> (short) in.next();
                case 4 -> (byte) in.next();
                default -> (char) in.next();
            };
        }

        @Override
        String kind() {
            return new String[] {"int", "long (2 ints, high first)", "boolean", "short", "byte", "char"}[code];
        }
    }

    private static final class EnumNode extends Node {
        private final Object[] constants;

        EnumNode(String path, Class<?> c) {
            super(path);
            this.constants = c.getEnumConstants();
        }

        @Override
        void enc(StateCodec c, Object v, Ints out) {
            out.add(v == null ? 0 : ((Enum<?>) v).ordinal() + 1);
        }

        @Override
        Object dec(StateCodec c, Reader in) {
            int k = in.next();
            return k == 0 ? null : constants[k - 1];
        }

        @Override
        String kind() {
            return "enum ordinal+1 " + Arrays.toString(constants);
        }
    }

    private static final class StringNode extends Node {
        StringNode(String path) {
            super(path);
        }

        @Override
        void enc(StateCodec c, Object v, Ints out) {
            out.add(v == null ? 0 : c.idOf((String) v) + 1);
        }

        @Override
        Object dec(StateCodec c, Reader in) {
            int k = in.next();
            return k == 0 ? null : c.names.get(k - 1);
        }

        @Override
        String kind() {
            return "string dictionary number+1";
        }
    }

    private static final class SectorsNode extends Node {
        SectorsNode(String path) {
            super(path);
        }

        @Override
        void enc(StateCodec c, Object v, Ints out) {
            if (v == null) {
                out.add(0);
                return;
            }
            Sectors s = (Sectors) v;
            out.add(s.size() + 1);
            for (int i = 0; i < s.size(); i++) {
                out.add(s.get(i));
            }
        }

        @Override
        Object dec(StateCodec c, Reader in) {
            int n = in.next() - 1;
            if (n < 0) {
                return null;
            }
            Sectors s = Sectors.of(Arrays.copyOfRange(in.a, in.pos, in.pos + n));
            in.pos += n;
            return s;
        }

        @Override
        String kind() {
            return "sectors: length+1, then one token each";
        }
    }

    private static final class ListNode extends Node {
        private final Node element;

        ListNode(String path, Node element) {
            super(path);
            this.element = element;
        }

        @Override
        void enc(StateCodec c, Object v, Ints out) {
            List<?> l = (List<?>) v;
            int n = l.size();
            out.add(n);
            for (int i = 0; i < n; i++) {
                element.enc(c, l.get(i), out);
            }
        }

        @Override
        Object dec(StateCodec c, Reader in) {
            int n = in.next();
            Object[] items = new Object[n];
            for (int i = 0; i < n; i++) {
                items[i] = element.dec(c, in);
            }
            return Arrays.asList(items);
        }

        @Override
        void describe(StringBuilder b, int indent) {
            super.describe(b, indent);
            element.describe(b, indent + 1);
        }

        @Override
        String kind() {
            return "list: length, then each element";
        }
    }

    private static final class SealedNode extends Node {
        private final Class<?>[] cases;
        private final Node[] nodes;

        SealedNode(String path, Class<?> c) {
            super(path);
            this.cases = c.getPermittedSubclasses();
            this.nodes = new Node[cases.length];
            for (int i = 0; i < cases.length; i++) {
                nodes[i] = plan(cases[i], path + "<" + cases[i].getSimpleName() + ">", false);
            }
        }

        @Override
        void enc(StateCodec c, Object v, Ints out) {
            if (v == null) {
                out.add(0);
                return;
            }
            for (int i = 0; i < cases.length; i++) {
                if (cases[i] == v.getClass()) {
                    out.add(i + 1);
                    nodes[i].enc(c, v, out);
                    return;
                }
            }
            throw new IllegalStateException("StateCodec: " + path + ": " + v.getClass() + " is not a permitted case");
        }

        @Override
        Object dec(StateCodec c, Reader in) {
            int k = in.next();
            return k == 0 ? null : nodes[k - 1].dec(c, in);
        }

        @Override
        void describe(StringBuilder b, int indent) {
            super.describe(b, indent);
            for (Node n : nodes) {
                n.describe(b, indent + 1);
            }
        }

        @Override
        String kind() {
            return "sealed: case index+1 (0 null), then the case";
        }
    }

    private static final class RecordNode extends Node {
        private final boolean nullable;
        private final MethodHandle[] getters;
        private final Node[] parts;
        private final MethodHandle make;
        private final String name;

        private RecordNode(String path, Class<?> c, boolean nullable, MethodHandle[] getters, Node[] parts, MethodHandle make) {
            super(path);
            this.nullable = nullable;
            this.getters = getters;
            this.parts = parts;
            this.make = make;
            this.name = c.getSimpleName();
        }

        static RecordNode of(String path, Class<?> c, boolean nullable) {
            RecordComponent[] rc = c.getRecordComponents();
            MethodHandle[] getters = new MethodHandle[rc.length];
            Node[] parts = new Node[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                boolean ref = !types[i].isPrimitive() && types[i] != List.class;
                parts[i] = plan(rc[i].getGenericType(), path + "." + rc[i].getName(), ref);
            }
            try {
                for (int i = 0; i < rc.length; i++) {
                    getters[i] = lookup.unreflect(rc[i].getAccessor()).asType(MethodType.methodType(Object.class, Object.class));
                }
                MethodHandle ctor = lookup.findConstructor(c, MethodType.methodType(void.class, types));
                MethodHandle make = ctor.asSpreader(Object[].class, rc.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
                return new RecordNode(path, c, nullable, getters, parts, make);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("StateCodec: " + path + ": no public canonical constructor or accessor: " + e, e);
            }
        }

        @Override
        void enc(StateCodec c, Object v, Ints out) {
            if (nullable) {
                if (v == null) {
                    out.add(0);
                    return;
                }
                out.add(1);
            }
            try {
                for (int i = 0; i < parts.length; i++) {
                    parts[i].enc(c, (Object) getters[i].invokeExact(v), out);
                }
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        Object dec(StateCodec c, Reader in) {
            if (nullable && in.next() == 0) {
                return null;
            }
            Object[] args = new Object[parts.length];
            for (int i = 0; i < parts.length; i++) {
                args[i] = parts[i].dec(c, in);
            }
            try {
                return (Object) make.invokeExact(args);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        @Override
        void describe(StringBuilder b, int indent) {
            super.describe(b, indent);
            for (Node n : parts) {
                n.describe(b, indent + 1);
            }
        }

        @Override
        String kind() {
            return "record " + name + (nullable ? " (1 then components, 0 for null)" : " (components in order)");
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }
}
