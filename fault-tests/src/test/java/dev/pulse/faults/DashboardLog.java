package dev.pulse.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.Topics;
import dev.pulse.common.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every event of the three dashboard topics as a downstream service sees them ({@code read_committed}, from the start),
 * read on a background thread for the life of a scenario.
 */
final class DashboardLog implements AutoCloseable {
    /** One dashboard event, with where and when this reader got it. */
    record Event(
            String topic,
            int partition,
            long offset,
            String engineId,
            String stream,
            String status,
            long sequence,
            long emittedAtMs,
            long receivedAtMs) {
        boolean live() {
            return "LIVE".equals(status);
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private volatile boolean closed;

    DashboardLog(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : Topics.DASHBOARD) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = Thread.ofPlatform().daemon().name("dashboard-log").start(this::run);
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    if (record.value() != null) {
                        events.add(parse(record, now));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static Event parse(ConsumerRecord<String, byte[]> record, long now) {
        try {
            JsonNode json = Json.mapper().readTree(record.value());
            return new Event(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    json.path("engine_id").asText(),
                    json.path("stream").asText(),
                    json.path("status").asText(),
                    json.path("sequence").asLong(),
                    java.time.Instant.parse(json.path("emitted_at").asText()).toEpochMilli(),
                    now);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "a dashboard topic holds a record that is not a stream event: " + record, e);
        }
    }

    List<Event> events() {
        return new ArrayList<>(events);
    }

    /** LIVE sequence numbers per "engine/stream", in the order read (duplicates kept). */
    Map<String, List<Long>> liveSequences(java.util.function.Predicate<String> engine) {
        Map<String, List<Long>> sequences = new TreeMap<>();
        for (Event event : events) {
            if (event.live() && engine.test(event.engineId())) {
                sequences
                        .computeIfAbsent(event.engineId() + "/" + event.stream(), k -> new ArrayList<>())
                        .add(event.sequence());
            }
        }
        return sequences;
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
