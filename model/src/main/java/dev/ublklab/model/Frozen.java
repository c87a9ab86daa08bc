package dev.ublklab.model;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list over an array that nobody else holds. States copy-on-write their lists once per
 * step ({@link Tx}); wrapping the new array instead of copying it again through
 * {@code List.copyOf} halves what a step allocates. Equal to any {@link List} with equal elements.
 */
final class Frozen<E> extends AbstractList<E> implements RandomAccess {
    private final Object[] items;
    private final int size;

    private Frozen(Object[] items, int size) {
        this.items = items;
        this.size = size;
    }

    /** Adopts {@code items}: the caller must not touch the array afterwards. */
    static <E> List<E> adopt(Object[] items) {
        return new Frozen<>(items, items.length);
    }

    /** Adopts the first {@code size} elements of {@code items} (the rest is unused capacity). */
    static <E> List<E> adopt(Object[] items, int size) {
        return new Frozen<>(items, size);
    }

    /** {@code v} itself when it is already frozen, else an immutable copy (null elements refused). */
    @SuppressWarnings("unchecked")
    static <E> List<E> copyOf(List<? extends E> v) {
        if (v instanceof Frozen<?> f) {
            return (List<E>) f;
        }
        Object[] a = v.toArray();
        for (Object o : a) {
            if (o == null) {
                throw new NullPointerException("null element in a state list");
            }
        }
        return new Frozen<>(a, a.length);
    }

    /** A fresh array with {@code v}'s elements (one copy of the backing array when {@code v} is frozen). */
    static Object[] arrayCopy(List<?> v) {
        return v instanceof Frozen<?> f ? java.util.Arrays.copyOf(f.items, f.size) : v.toArray();
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) items[java.util.Objects.checkIndex(index, size)];
    }

    @Override
    public int size() {
        return size;
    }
}
