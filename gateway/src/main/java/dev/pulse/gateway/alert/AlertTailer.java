package dev.pulse.gateway.alert;

import dev.pulse.common.config.KafkaSettings;
import dev.pulse.gateway.kafka.KafkaReaders;
import dev.pulse.gateway.kafka.TailingConsumer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's consumer of {@code engine.alerts}, beside the one of the stream topics: a {@link TailingConsumer} of
 * every partition, from the beginning (the compacted topic holds each engine's latest record, so that rebuilds the
 * active alerts), then live into the {@link AlertHub}. The alerts of engines whose key moves to a partition added to
 * the topic arrive there: the consumer reads it from its start.
 */
public final class AlertTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertTailer.class);

    private final TailingConsumer consumer;
    private final String topic;
    private volatile boolean caughtUp;
    private Map<TopicPartition, Long> startEnd;
    private AlertHub hub;

    /** @param partitionCheckInterval how often to look for partitions added to the topic */
    public AlertTailer(KafkaSettings kafka, String topic, Duration partitionCheckInterval) {
        this.consumer = new TailingConsumer(
                KafkaReaders.consumer(kafka, "pulse-gateway-alerts", partitionCheckInterval),
                List.of(topic),
                partitionCheckInterval,
                LOG,
                "alerts tailer",
                "gateway-alerts");
        this.topic = topic;
    }

    /** Starts reading into the hub. */
    public void start(AlertHub target) {
        List<TopicPartition> partitions = consumer.assignFromBeginning();
        startEnd = consumer.endOffsets(partitions);
        // Set before the thread starts, which makes it visible to it.
        this.hub = target;
        consumer.follow(this::read);
        LOG.info("alerts tailer started topic={} partitions={}", topic, partitions.size());
    }

    /** True once the consumer reached the end offsets the topic had at start-up. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void read(ConsumerRecords<String, byte[]> records) {
        if (!records.isEmpty()) {
            hub.dispatch(records);
        }
        if (!caughtUp && consumer.reached(startEnd)) {
            caughtUp = true;
            LOG.info("alerts tailer caught up topic={}", topic);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
