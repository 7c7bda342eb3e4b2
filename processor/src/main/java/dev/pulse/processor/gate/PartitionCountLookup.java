package dev.pulse.processor.gate;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How many partitions a topic has now, as the cluster says. The answer comes when it comes (or fails: the broker is
 * unreachable), so that a stream thread never waits for it. A seam: production asks the cluster
 * ({@link AdminPartitionCountLookup}), a topology test names the count.
 */
@FunctionalInterface
public interface PartitionCountLookup {
    CompletionStage<Integer> partitionCount(String topic);

    /** A topic whose count never changes, answered at once: e.g. the single partition of a TopologyTestDriver. */
    static PartitionCountLookup fixed(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        return topic -> CompletableFuture.completedFuture(partitions);
    }
}
