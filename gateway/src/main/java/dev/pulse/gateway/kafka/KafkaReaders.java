package dev.pulse.gateway.kafka;

import dev.pulse.common.config.KafkaSettings;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The gateway's Kafka consumers: keys as engine ids, values as untouched JSON bytes. */
public final class KafkaReaders {
    private KafkaReaders() {}

    /**
     * How much one catch-up reader fetches at once (all its partitions together, and at most a quarter of it per
     * partition). Kafka's defaults (50 MB, 1 MB per partition) let every reader buffer a megabyte per partition plus
     * the next fetch in flight: 16 slow replays of one stream took more than the deployed 96 MB heap (found by the
     * fault suite's replay-flood scenario). At this size the {@code GATEWAY_MAX_CATCHUPS} readers hold a few MB at
     * most, and a replay still reads many MB per second.
     */
    public static final int CATCH_UP_FETCH_BYTES = 256 * 1024;

    /**
     * A consumer without a group (the caller assigns partitions), reading only committed records: the processor writes
     * transactionally and aborted output must never reach a dashboard.
     */
    public static KafkaConsumer<String, byte[]> consumer(KafkaSettings kafka, String clientId) {
        return new KafkaConsumer<>(properties(kafka, clientId));
    }

    /** Such a consumer whose metadata (the partition counts among it) is never older than {@code metadataMaxAge}. */
    public static KafkaConsumer<String, byte[]> consumer(
            KafkaSettings kafka, String clientId, Duration metadataMaxAge) {
        Properties p = properties(kafka, clientId);
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, Long.toString(metadataMaxAge.toMillis()));
        return new KafkaConsumer<>(p);
    }

    /** A consumer for one replay or export: as {@link #consumer}, with its fetches bounded (these settings win). */
    public static KafkaConsumer<String, byte[]> catchUpConsumer(KafkaSettings kafka, String clientId) {
        return new KafkaConsumer<>(catchUpProperties(kafka, clientId));
    }

    static Properties catchUpProperties(KafkaSettings kafka, String clientId) {
        Properties p = properties(kafka, clientId);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(CATCH_UP_FETCH_BYTES));
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(CATCH_UP_FETCH_BYTES / 4));
        return p;
    }

    private static Properties properties(KafkaSettings kafka, String clientId) {
        Properties p = kafka.toProperties();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Positions are always sought explicitly; this only covers data deleted between check and fetch.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Deliver small batches promptly: latency matters more than fetch efficiency here.
        p.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        return p;
    }
}
