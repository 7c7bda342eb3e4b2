package dev.pulse.testing;

/** A running Kafka cluster that integration tests talk to. */
public interface KafkaCluster {
    String bootstrapServers();
}
