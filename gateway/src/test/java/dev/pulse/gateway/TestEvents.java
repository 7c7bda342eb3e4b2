package dev.pulse.gateway;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.MemoryValues;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.Topic;
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
    private final PipelineTopics topics;

    TestEvents(KafkaCluster cluster) {
        this(cluster, PipelineTopics.PUBLIC);
    }

    /** Writes to the dashboard topics of a deployment with these names. */
    TestEvents(KafkaCluster cluster, PipelineTopics topics) {
        this.producer = new KafkaTestClient(cluster).producer();
        this.topics = topics;
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
                new StreamEvent<>(engine, stream, EventStatus.LIVE, 1, sequence, now, now, 0, null, values, null, null);
        Topic<String, StreamEvent<StreamValues>> topic = PipelineTopics.PUBLIC.dashboard(stream);
        return topic.valueSerde().serializer().serialize(topic.name(), event);
    }

    /** A value-less event as the processor writes it: FALLBACK "no data yet", or an engine's last (RETIRED). */
    static byte[] withoutValues(StreamName stream, String engine, EventStatus status, String reason) {
        StreamEvent<StreamValues> event =
                new StreamEvent<>(engine, stream, status, 0, 0, null, Instant.now(), 0, reason, null, null, null);
        return JsonSerde.<StreamValues>streamEvent(stream)
                .serialize(PipelineTopics.PUBLIC.dashboard(stream).name(), event);
    }

    /** Sends one event and waits until the broker has it. */
    RecordMetadata send(StreamName stream, String engine, long sequence) {
        return send(stream, engine, sequence, null);
    }

    /** With the record's timestamp given ({@code null}: the producer's clock). */
    RecordMetadata send(StreamName stream, String engine, long sequence, Long timestampMs) {
        return send(new ProducerRecord<>(
                topics.dashboard(stream).name(), null, timestampMs, engine, json(stream, engine, sequence)));
    }

    /** Sends one record (a null value is a tombstone) and waits until the broker has it. */
    RecordMetadata send(StreamName stream, String engine, byte[] value) {
        return send(new ProducerRecord<>(topics.dashboard(stream).name(), engine, value));
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Sends without waiting (flush() to wait). */
    void sendAsync(StreamName stream, String engine, long sequence, byte[] value) {
        producer.send(new ProducerRecord<>(topics.dashboard(stream).name(), engine, value));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
