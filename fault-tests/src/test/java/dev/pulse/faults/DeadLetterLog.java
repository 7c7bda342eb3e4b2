package dev.pulse.faults;

import dev.pulse.common.topic.PipelineTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Every record of {@code engine.readings.dlq} ({@code read_committed}), headers kept, values only measured. */
final class DeadLetterLog implements AutoCloseable {
    /** The header a scenario puts on the records it writes, to find them again in the dead-letter topic. */
    static final String CASE_HEADER = "fault.case";

    /** One dead letter: the scenario's case id (if any), the processor's reason and fields, the value's size. */
    record DeadLetter(
            String caseId, String reason, String fields, String detail, String key, int valueBytes, byte[] value) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ConcurrentLinkedQueue<DeadLetter> letters = new ConcurrentLinkedQueue<>();
    private final Thread reader;
    private final int keepValuesUpTo;
    private volatile boolean closed;

    /** @param keepValuesUpTo values up to this size are kept (for comparison), larger ones only measured */
    DeadLetterLog(String bootstrapServers, int keepValuesUpTo) {
        this.keepValuesUpTo = keepValuesUpTo;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer
                .partitionsFor(PipelineTopics.PUBLIC.dlq().name())
                .stream()
                .map(info -> new TopicPartition(PipelineTopics.PUBLIC.dlq().name(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = Thread.ofPlatform().daemon().name("dead-letter-log").start(this::run);
    }

    private void run() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Headers headers = record.headers();
                    int size = record.value() == null ? -1 : record.value().length;
                    letters.add(new DeadLetter(
                            text(headers, CASE_HEADER),
                            text(headers, "pulse.dlq.reason"),
                            text(headers, "pulse.dlq.fields"),
                            text(headers, "pulse.dlq.detail"),
                            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                            size,
                            size >= 0 && size <= keepValuesUpTo ? record.value() : null));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    List<DeadLetter> letters() {
        return new ArrayList<>(letters);
    }

    int size() {
        return letters.size();
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
