package dev.pulse.gateway.kafka;

import dev.pulse.common.model.StreamName;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a reader stands: the next offset of every partition of a {@link PartitionLayout}. Immutable: each change makes
 * a new value, so a position can be handed to a client, kept as its start or encoded into a token while the fan-out
 * moves on. A position made before its layout grew is at offset 0 on the partitions added since: they are new, and
 * whoever holds the position has read nothing of them.
 */
public final class Positions {
    /** Offset meaning "the earliest still held" (a partition the client's token does not name). */
    public static final long EARLIEST = -1;

    private final PartitionLayout layout;
    private final long[] next;

    private Positions(PartitionLayout layout, long[] next) {
        this.layout = layout;
        this.next = next;
    }

    /** Every partition at offset 0. */
    public static Positions zero(PartitionLayout layout) {
        return new Positions(layout, new long[layout.size()]);
    }

    /** The next offsets in layout order, one per partition of the layout. */
    public static Positions of(PartitionLayout layout, long... next) {
        if (next.length != layout.size()) {
            throw new IllegalArgumentException(
                    "expected " + layout.size() + " offsets (one per partition), got " + next.length);
        }
        return new Positions(layout, next.clone());
    }

    /** Every partition of the layout at its offset in {@code offsets}, which must name them all. */
    public static Positions of(PartitionLayout layout, Map<TopicPartition, Long> offsets) {
        return zero(layout).with(offsets);
    }

    public PartitionLayout layout() {
        return layout;
    }

    /** The next offset of the partition with this layout index. */
    public long next(int index) {
        if (index < 0 || index >= layout.size()) {
            throw new IndexOutOfBoundsException("partition index " + index + " is not in the layout");
        }
        return index < next.length ? next[index] : 0;
    }

    /** The next offset of a partition of the layout. */
    public long next(TopicPartition partition) {
        return next(indexOf(partition));
    }

    private int indexOf(TopicPartition partition) {
        int index = layout.index(partition.topic(), partition.partition());
        if (index < 0) {
            throw new IllegalArgumentException("partition " + partition + " is not in the layout");
        }
        return index;
    }

    /** This position with one partition moved to {@code offset}. */
    public Positions with(int index, long offset) {
        long[] changed = sized(index + 1);
        changed[index] = offset;
        return new Positions(layout, changed);
    }

    /** This position with the named partitions moved to their offsets. */
    public Positions with(Map<TopicPartition, Long> offsets) {
        long[] changed = sized(layout.size());
        offsets.forEach((partition, offset) -> changed[indexOf(partition)] = Objects.requireNonNull(offset, "offset"));
        return new Positions(layout, changed);
    }

    /** Partition by partition, the further of this and {@code other}. */
    public Positions furthest(Positions other) {
        requireSameLayout(other);
        long[] merged = sized(other.next.length);
        for (int i = 0; i < other.next.length; i++) {
            merged[i] = Math.max(merged[i], other.next[i]);
        }
        return new Positions(layout, merged);
    }

    /** True when this position is beyond {@code other} on any partition of the given streams. */
    public boolean isAheadOf(Positions other, Set<StreamName> streams) {
        requireSameLayout(other);
        for (int i : layout.indexes(streams)) {
            if (next(i) > other.next(i)) {
                return true;
            }
        }
        return false;
    }

    /** A copy of the offsets, at least {@code length} long (the added partitions at 0). */
    private long[] sized(int length) {
        return Arrays.copyOf(next, Math.max(next.length, length));
    }

    /** The offsets without the zeros at the end, which a shorter array leaves implicit. */
    private long[] trimmed() {
        int length = next.length;
        while (length > 0 && next[length - 1] == 0) {
            length--;
        }
        return Arrays.copyOf(next, length);
    }

    private void requireSameLayout(Positions other) {
        if (other.layout != layout) {
            throw new IllegalArgumentException("positions of different partition layouts");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Positions other && other.layout == layout && Arrays.equals(other.trimmed(), trimmed());
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(layout), Arrays.hashCode(trimmed()));
    }

    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(", ", "Positions[", "]");
        for (int i = 0; i < layout.size(); i++) {
            TopicPartition tp = layout.partition(i);
            out.add(tp.topic() + "-" + tp.partition() + "=" + next(i));
        }
        return out.toString();
    }
}
