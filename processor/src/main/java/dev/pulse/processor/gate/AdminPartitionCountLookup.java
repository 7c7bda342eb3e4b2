package dev.pulse.processor.gate;

import dev.pulse.common.config.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;

/** Asks the cluster (one Admin client, closed with the service) for a topic's partition count. */
public final class AdminPartitionCountLookup implements PartitionCountLookup, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;

    public AdminPartitionCountLookup(KafkaSettings kafka) {
        this.admin = Admin.create(kafka.toProperties());
    }

    @Override
    public CompletionStage<Integer> partitionCount(String topic) {
        return admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
                .topicNameValues()
                .get(topic)
                .toCompletionStage()
                .thenApply(description -> description.partitions().size());
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
