package dev.pulse.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

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
        consumer = DashboardTopicsConsumer.fromStart(bootstrapServers);
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
                    Instant.parse(json.path("emitted_at").asText()).toEpochMilli(),
                    now);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "a dashboard topic holds a record that is not a stream event: " + record, e);
        }
    }

    List<Event> events() {
        return new ArrayList<>(events);
    }

    /** How many LIVE events arrived after {@code sinceMs}. */
    long liveCountAfter(long sinceMs) {
        return events.stream()
                .filter(e -> e.live() && e.receivedAtMs() > sinceMs)
                .count();
    }

    /** LIVE sequence numbers per "engine/stream", in the order read (duplicates kept). */
    Map<String, List<Long>> liveSequences(Predicate<String> engine) {
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
