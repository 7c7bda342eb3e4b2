package dev.pulse.gateway;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.MemoryValues;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaTestClient;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Writes stream events onto the dashboard topics, as the processor would (same serde). */
final class TestEvents implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    TestEvents(KafkaCluster cluster) {
        this.producer = new KafkaTestClient(cluster).producer();
    }

    static String engine(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static byte[] json(StreamName stream, String engine, long sequence) {
        Instant now = Instant.now();
        StreamValues values = switch (stream) {
            case ANALYTICS -> new AnalyticsValues(sequence, 2, 3.5, 0.5, 100, 10, 4, now);
            case MEMORY -> new MemoryValues(sequence, 1, 2.0, 1024, 0.9, now);
            case GRAPH -> new GraphValues(sequence, 20, 0.1, 2.0, 1, 10, now);
        };
        StreamEvent<StreamValues> event =
                new StreamEvent<>(engine, stream, EventStatus.LIVE, sequence, now, now, 0, null, values, null, null);
        return JsonSerde.<StreamValues>streamEvent(stream).serialize(stream.topic(), event);
    }

    /** Sends one event and waits until the broker has it. */
    RecordMetadata send(StreamName stream, String engine, long sequence) {
        try {
            return producer.send(new ProducerRecord<>(stream.topic(), engine, json(stream, engine, sequence)))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Sends without waiting (flush() to wait). */
    void sendAsync(StreamName stream, String engine, long sequence, byte[] value) {
        producer.send(new ProducerRecord<>(stream.topic(), engine, value));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
