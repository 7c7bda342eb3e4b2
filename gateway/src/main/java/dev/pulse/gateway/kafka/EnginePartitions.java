package dev.pulse.gateway.kafka;

import dev.pulse.common.model.StreamName;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;

/**
 * The partitions an engine's events can be on: the processor writes them keyed by engine id with Kafka's default
 * partitioner (murmur2 of the key's UTF-8 bytes, modulo the partition count). A replay for some engines reads only
 * those partitions and moves the others straight to where the live stream takes over: nothing there can match. After
 * partitions were added, an engine's events are on its partition by each count the topic has had (older events by the
 * older count), so a replay reads all of those ({@link PartitionLayout#knownCounts}).
 */
public final class EnginePartitions {
    private EnginePartitions() {}

    /** The partition of a stream's topic that holds {@code engineId}'s events. */
    public static int of(String engineId, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(engineId.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /**
     * {@code from} with every partition of the streams that holds none of {@code engines} moved to {@code until}. Every
     * engine (empty set): {@code from} unchanged.
     */
    public static Positions skipOthers(Positions from, Positions until, Set<StreamName> streams, Set<String> engines) {
        if (engines.isEmpty()) {
            return from;
        }
        PartitionLayout layout = from.layout();
        Positions result = from;
        for (StreamName stream : streams) {
            int[] indexes = layout.indexes(stream);
            boolean[] wanted = new boolean[indexes.length];
            for (int count : layout.knownCounts(stream)) {
                for (String engine : engines) {
                    wanted[of(engine, Math.min(count, indexes.length))] = true;
                }
            }
            for (int p = 0; p < indexes.length; p++) {
                int i = indexes[p];
                if (!wanted[p] && until.next(i) > from.next(i)) {
                    result = result.with(i, until.next(i));
                }
            }
        }
        return result;
    }
}
