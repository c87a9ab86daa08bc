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

    private Frozen(Object[] items) {
        this.items = items;
    }

    /** Adopts {@code items}: the caller must not touch the array afterwards. */
    static <E> List<E> adopt(Object[] items) {
        return new Frozen<>(items);
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
        return new Frozen<>(a);
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
