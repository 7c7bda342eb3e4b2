package dev.pulse.gateway.stream;

import dev.pulse.common.model.StreamName;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Every partition of the dashboard topics, numbered 0..n-1 across topics, fixed when the gateway starts. A position
 * (next offset per partition) is a {@code long[]} indexed by these numbers.
 */
public final class PartitionLayout {
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<TopicPartition, Integer> indexes = new HashMap<>();
    private final Map<StreamName, int[]> byStream = new EnumMap<>(StreamName.class);
    private final StreamName[] streamOf;

    /** @param partitionCounts partitions per stream's topic */
    public PartitionLayout(Map<StreamName, Integer> partitionCounts) {
        List<StreamName> streams = new ArrayList<>();
        for (StreamName stream : StreamName.values()) {
            int count = partitionCounts.getOrDefault(stream, 0);
            int[] own = new int[count];
            for (int p = 0; p < count; p++) {
                TopicPartition tp = new TopicPartition(stream.topic(), p);
                own[p] = partitions.size();
                indexes.put(tp, partitions.size());
                partitions.add(tp);
                streams.add(stream);
            }
            byStream.put(stream, own);
        }
        streamOf = streams.toArray(StreamName[]::new);
    }

    public int size() {
        return partitions.size();
    }

    public List<TopicPartition> partitions() {
        return List.copyOf(partitions);
    }

    public TopicPartition partition(int index) {
        return partitions.get(index);
    }

    public StreamName stream(int index) {
        return streamOf[index];
    }

    /** The index of a partition, or -1 when the gateway does not read it. */
    public int index(String topic, int partition) {
        return indexes.getOrDefault(new TopicPartition(topic, partition), -1);
    }

    /** Indexes of one stream's partitions, in partition order. */
    public int[] indexes(StreamName stream) {
        return byStream.get(stream);
    }

    public int partitionCount(StreamName stream) {
        return byStream.get(stream).length;
    }

    /** Indexes of the partitions of several streams. */
    public int[] indexes(Set<StreamName> streams) {
        return streams.stream()
                .sorted()
                .flatMapToInt(s -> java.util.Arrays.stream(byStream.get(s)))
                .toArray();
    }
}
