package dev.pulse.gateway.kafka;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Where the gateway's topics live: the brokers' addresses and each partition's replicas with the topic's
 * {@code min.insync.replicas}. Replica lists and settings change only when an operator changes them, so the last layout
 * Kafka gave stays right while the brokers are down, which is when it is needed.
 *
 * @param brokers the address of each broker Kafka named (id to host and port)
 * @param partitions every partition of the watched topics
 */
public record ClusterLayout(Map<Integer, InetSocketAddress> brokers, List<PartitionReplicas> partitions) {
    /** Before Kafka has said anything. */
    public static final ClusterLayout UNKNOWN = new ClusterLayout(Map.of(), List.of());

    public ClusterLayout {
        brokers = Map.copyOf(brokers);
        partitions = List.copyOf(partitions);
    }

    /** One partition: its replicas' broker ids and how many of them must acknowledge a write. */
    public record PartitionReplicas(String topic, int partition, List<Integer> replicas, int minInsyncReplicas) {
        public PartitionReplicas {
            replicas = List.copyOf(replicas);
        }
    }
}
