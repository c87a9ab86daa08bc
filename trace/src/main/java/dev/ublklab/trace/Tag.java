package dev.ublklab.trace;

/**
 * A blk-mq tag of one hardware queue: the name of a request slot ({@code tags->rqs[index]}) and of
 * the ublk io slot of the same index. Use this value wherever a (queue, tag) pair is a key; never
 * pack it into an int.
 */
public record Tag(int queue, int index) implements Comparable<Tag> {
    public Tag {
        if (queue < 0 || index < 0) {
            throw new IllegalArgumentException("tag " + index + " of queue " + queue);
        }
    }

    @Override
    public int compareTo(Tag o) {
        return queue != o.queue ? Integer.compare(queue, o.queue) : Integer.compare(index, o.index);
    }

    @Override
    public String toString() {
        return "q" + queue + " tag" + index;
    }
}
