package dev.pulse.faults;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.kafka.common.utils.Utils;

/** Where Kafka's default partitioner puts an engine id: the same partition on every pipeline topic. */
final class Partitions {
    private Partitions() {}

    static int of(String engineId) {
        return Utils.toPositive(Utils.murmur2(engineId.getBytes(StandardCharsets.UTF_8))) % FaultStack.PARTITIONS;
    }

    /** {@code count} engine ids {@code prefix-N} whose partition passes the filter. */
    static List<String> engines(String prefix, int count, IntPredicate partition) {
        List<String> engines = new ArrayList<>();
        for (int i = 1; engines.size() < count; i++) {
            if (partition.test(of(prefix + "-" + i))) {
                engines.add(prefix + "-" + i);
            }
        }
        return engines;
    }

    /** {@code perPartition} engine ids on each partition. */
    static List<String> covering(String prefix, int perPartition) {
        List<String> engines = new ArrayList<>();
        for (int p = 0; p < FaultStack.PARTITIONS; p++) {
            int wanted = p;
            engines.addAll(engines(prefix + p, perPartition, q -> q == wanted));
        }
        return engines;
    }
}
