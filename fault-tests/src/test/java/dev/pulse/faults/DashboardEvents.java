package dev.pulse.faults;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.Alert;
import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.MemoryValues;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.Topic;
import dev.pulse.testing.TestAlerts;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * LIVE stream events written straight to the dashboard topics with a plain producer, as the processor would write them
 * (the same records and serde), for scenarios that need the gateway only: no processor, and as many events as fast as
 * the broker takes them.
 */
final class DashboardEvents implements AutoCloseable {
    private static final JsonSerde<Alert> ALERTS = JsonSerde.of(Alert.class);

    private final KafkaProducer<String, byte[]> producer;

    DashboardEvents(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Large compressed batches: a scenario writes a few hundred thousand events in seconds.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(p);
    }

    /** Sends one LIVE event emitted now (asynchronously; {@link #flush} waits for the broker). */
    void send(StreamName stream, String engine, long sequence) {
        Topic<String, StreamEvent<StreamValues>> topic = PipelineTopics.PUBLIC.dashboard(stream);
        byte[] value = topic.valueSerde().serializer().serialize(topic.name(), event(stream, engine, sequence));
        producer.send(new ProducerRecord<>(topic.name(), engine, value));
    }

    /** An active warning on the engine's cpu_usage, as the processor writes a breach to engine.alerts. */
    void sendAlert(String engine) {
        Alert breach = TestAlerts.cpuBreach(engine, Instant.now());
        String topic = PipelineTopics.PUBLIC.alerts().name();
        producer.send(new ProducerRecord<>(topic, engine, ALERTS.serialize(topic, breach)));
    }

    void flush() {
        producer.flush();
    }

    private static StreamEvent<StreamValues> event(StreamName stream, String engine, long sequence) {
        Instant now = Instant.now();
        StreamValues values = switch (stream) {
            case ANALYTICS -> new AnalyticsValues(1000 + sequence % 500, 3000, 120.5, 0.87, 512, 42, 12, now);
            case MEMORY -> new MemoryValues(10_000 + sequence, 3, 1.25, 4096 * sequence, 0.9, now);
            case GRAPH -> new GraphValues(1000 + sequence % 500, 3000, 0.006, 6.0, 2, 975, now);
        };
        return new StreamEvent<>(engine, stream, EventStatus.LIVE, 1, sequence, now, now, 0, null, values, null, null);
    }

    @Override
    public void close() {
        producer.close();
    }
}
