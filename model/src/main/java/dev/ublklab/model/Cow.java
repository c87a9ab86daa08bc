package dev.ublklab.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A step's private copy of one state list ({@link Tx}): one array copy when the step first writes
 * the list, none when it freezes it. Not thread-safe, not shared.
 */
final class Cow<E> extends AbstractList<E> implements RandomAccess {
    private Object[] items;
    private int size;

    Cow(List<? extends E> base) {
        items = Frozen.arrayCopy(base);
        size = items.length;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        return (E) items[Objects.checkIndex(index, size)];
    }

    @Override
    public E set(int index, E v) {
        E old = get(index);
        items[index] = v;
        return old;
    }

    @Override
    public void add(int index, E v) {
        Objects.checkIndex(index, size + 1);
        if (size == items.length) {
            items = Arrays.copyOf(items, size + 4);
        }
        System.arraycopy(items, index, items, index + 1, size - index);
        items[index] = v;
        size++;
        modCount++;
    }

    @Override
    public E remove(int index) {
        E old = get(index);
        System.arraycopy(items, index + 1, items, index, size - index - 1);
        items[--size] = null;
        modCount++;
        return old;
    }

    @Override
    public int size() {
        return size;
    }

    /** The frozen list, over this copy's array; this copy must not be used afterwards. */
    List<E> freeze() {
        Object[] a = items;
        items = null;
        return Frozen.adopt(a, size);
    }
}
