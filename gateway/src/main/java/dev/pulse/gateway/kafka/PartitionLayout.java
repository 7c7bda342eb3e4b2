package dev.pulse.gateway.kafka;

import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Every partition of the dashboard topics, numbered 0..n-1 across topics. A {@link Positions} holds one next offset per
 * number. The layout only grows ({@link #grow}: partitions added to a topic while the gateway runs get the next
 * numbers), so a number, once given, always names the same partition; readers on other threads see the layout of one
 * instant, before or after a growth.
 */
public final class PartitionLayout {
    /** One instant of the layout, never changed: a growth replaces it. */
    private record State(
            List<TopicPartition> partitions,
            Map<TopicPartition, Integer> indexes,
            Map<StreamName, int[]> byStream,
            StreamName[] streamOf) {}

    private final PipelineTopics topics;
    private volatile State state;
    /** Per stream, every partition count its topic is known to have had (see {@link #noteCount}). */
    private final Map<StreamName, Set<Integer>> countsSeen = new EnumMap<>(StreamName.class);

    /**
     * @param topics the deployment's topic names
     * @param partitionCounts partitions per stream's topic
     */
    public PartitionLayout(PipelineTopics topics, Map<StreamName, Integer> partitionCounts) {
        this.topics = topics;
        List<TopicPartition> partitions = new ArrayList<>();
        Map<TopicPartition, Integer> indexes = new HashMap<>();
        Map<StreamName, int[]> byStream = new EnumMap<>(StreamName.class);
        List<StreamName> streams = new ArrayList<>();
        for (StreamName stream : StreamName.values()) {
            int count = partitionCounts.getOrDefault(stream, 0);
            int[] own = new int[count];
            for (int p = 0; p < count; p++) {
                TopicPartition tp = new TopicPartition(topics.dashboard(stream).name(), p);
                own[p] = partitions.size();
                indexes.put(tp, partitions.size());
                partitions.add(tp);
                streams.add(stream);
            }
            byStream.put(stream, own);
            countsSeen.put(stream, new TreeSet<>(count > 0 ? Set.of(count) : Set.of()));
        }
        state = new State(List.copyOf(partitions), Map.copyOf(indexes), byStream, streams.toArray(StreamName[]::new));
    }

    /**
     * Adds the partitions of a stream's topic beyond those it has, numbered after every partition there is; nothing
     * when the topic has no more than that.
     *
     * @return the partitions added, in partition order
     */
    public synchronized List<TopicPartition> grow(StreamName stream, int partitionCount) {
        State before = state;
        int[] own = before.byStream().get(stream);
        if (partitionCount <= own.length) {
            return List.of();
        }
        List<TopicPartition> partitions = new ArrayList<>(before.partitions());
        Map<TopicPartition, Integer> indexes = new HashMap<>(before.indexes());
        Map<StreamName, int[]> byStream = new EnumMap<>(before.byStream());
        List<StreamName> streams = new ArrayList<>(Arrays.asList(before.streamOf()));
        int[] grown = Arrays.copyOf(own, partitionCount);
        List<TopicPartition> added = new ArrayList<>();
        for (int p = own.length; p < partitionCount; p++) {
            TopicPartition tp = new TopicPartition(topics.dashboard(stream).name(), p);
            grown[p] = partitions.size();
            indexes.put(tp, partitions.size());
            partitions.add(tp);
            streams.add(stream);
            added.add(tp);
        }
        byStream.put(stream, grown);
        state = new State(List.copyOf(partitions), Map.copyOf(indexes), byStream, streams.toArray(StreamName[]::new));
        countsSeen.get(stream).add(partitionCount);
        return List.copyOf(added);
    }

    /**
     * Remembers that a stream's topic had {@code partitionCount} partitions (a resume token says so), so that a replay
     * for some engines also reads the partitions their events had by that count. Counts beyond the current one are not
     * real here and are ignored, so the set stays as small as the topic.
     */
    public synchronized void noteCount(StreamName stream, int partitionCount) {
        if (partitionCount >= 1 && partitionCount <= partitionCount(stream)) {
            countsSeen.get(stream).add(partitionCount);
        }
    }

    /** Every partition count the stream's topic is known to have had, the current one included, ascending. */
    public synchronized int[] knownCounts(StreamName stream) {
        return countsSeen.get(stream).stream().mapToInt(Integer::intValue).toArray();
    }

    public int size() {
        return state.partitions().size();
    }

    public List<TopicPartition> partitions() {
        return state.partitions();
    }

    public TopicPartition partition(int index) {
        return state.partitions().get(index);
    }

    public StreamName stream(int index) {
        return state.streamOf()[index];
    }

    /** The index of a partition, or -1 when the gateway does not read it. */
    public int index(String topic, int partition) {
        return state.indexes().getOrDefault(new TopicPartition(topic, partition), -1);
    }

    /** Indexes of one stream's partitions, in partition order. */
    public int[] indexes(StreamName stream) {
        return state.byStream().get(stream).clone();
    }

    public int partitionCount(StreamName stream) {
        return state.byStream().get(stream).length;
    }

    /** Indexes of the partitions of several streams. */
    public int[] indexes(Set<StreamName> streams) {
        Map<StreamName, int[]> byStream = state.byStream();
        return streams.stream()
                .sorted()
                .flatMapToInt(s -> Arrays.stream(byStream.get(s)))
                .toArray();
    }
}
