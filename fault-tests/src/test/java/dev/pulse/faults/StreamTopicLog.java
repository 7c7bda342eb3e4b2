package dev.pulse.faults;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pulse.common.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Every record of the three stream topics as a downstream service reads them ({@code read_committed}, from the start),
 * tombstones included, with the collector run beside the sequence: what the issue-15 scenarios check. Only the event's
 * top-level scalars are read (values and windows are skipped), so tens of thousands of events cost little.
 */
final class StreamTopicLog implements AutoCloseable {
    /** One record: an event, or a tombstone ({@code status} null), with where and when this reader got it. */
    record Entry(
            String topic,
            int partition,
            long offset,
            String engineId,
            String stream,
            String status,
            long run,
            long sequence,
            long emittedAtMs,
            long receivedAtMs) {
        boolean tombstone() {
            return status == null;
        }

        boolean live() {
            return "LIVE".equals(status);
        }

        /** "engine/stream", the key of one stream of one engine. */
        String key() {
            return engineId + "/" + stream;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
    private final AtomicLong count = new AtomicLong();
    private final Thread reader;
    private volatile boolean closed;

    StreamTopicLog(String bootstrapServers) {
        consumer = DashboardTopicsConsumer.fromStart(bootstrapServers);
        reader = Thread.ofPlatform().daemon().name("stream-topic-log").start(this::run);
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    entries.add(parse(record, System.currentTimeMillis()));
                    count.incrementAndGet();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static Entry parse(ConsumerRecord<String, byte[]> record, long now) {
        // "dashboard.<stream>": the public names, which this log reads.
        String stream = record.topic().substring(record.topic().lastIndexOf('.') + 1);
        if (record.value() == null) {
            return new Entry(
                    record.topic(), record.partition(), record.offset(), record.key(), stream, null, 0, 0, 0, now);
        }
        String engineId = null;
        String status = null;
        long run = 0;
        long sequence = 0;
        long emittedAt = 0;
        try (JsonParser json = Json.mapper().createParser(record.value())) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                switch (field) {
                    case "engine_id" -> engineId = json.getText();
                    case "stream" -> stream = json.getText();
                    case "status" -> status = json.getText();
                    case "run" -> run = json.getLongValue();
                    case "sequence" -> sequence = json.getLongValue();
                    case "emitted_at" ->
                        emittedAt = Instant.parse(json.getText()).toEpochMilli();
                    default -> json.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("a stream topic holds a record that is not a stream event: " + record, e);
        }
        if (engineId == null || status == null) {
            throw new IllegalStateException("a stream event without engine_id or status: " + record);
        }
        return new Entry(
                record.topic(),
                record.partition(),
                record.offset(),
                engineId,
                stream,
                status,
                run,
                sequence,
                emittedAt,
                now);
    }

    /** Everything read so far, in the order read (per partition: offset order). */
    List<Entry> entries() {
        return new ArrayList<>(entries);
    }

    /** How many records were read so far. */
    long count() {
        return count.get();
    }

    /** LIVE sequence numbers per "engine/stream@run", in the order read (duplicates kept). */
    Map<String, List<Long>> liveSequencesByRun() {
        Map<String, List<Long>> sequences = new TreeMap<>();
        for (Entry entry : entries) {
            if (entry.live()) {
                sequences
                        .computeIfAbsent(AcknowledgedReadings.key(entry.key(), entry.run()), k -> new ArrayList<>())
                        .add(entry.sequence());
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
