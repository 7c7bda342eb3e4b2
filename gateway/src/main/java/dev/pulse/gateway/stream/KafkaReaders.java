package dev.pulse.gateway.stream;

import dev.pulse.common.config.KafkaSettings;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** The gateway's Kafka consumers: keys as engine ids, values as untouched JSON bytes. */
public final class KafkaReaders {
    private KafkaReaders() {}

    /**
     * A consumer without a group (the caller assigns partitions), reading only committed records: the processor writes
     * transactionally and aborted output must never reach a dashboard.
     */
    public static KafkaConsumer<String, byte[]> consumer(KafkaSettings kafka, String clientId) {
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
        return new KafkaConsumer<>(p);
    }
}
