package dev.pulse.bench.e2e;

import dev.pulse.bench.measure.Figure;
import dev.pulse.bench.measure.LatencyHistogram;
import dev.pulse.bench.measure.LatencySummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;

/**
 * The floor: a bare produce → consume round trip on the same broker (acks=all, idempotent producer, no linger; a
 * consumer polling the partition), timed with one clock in one JVM. Nothing the pipeline does can be faster than one of
 * these per hop.
 */
public final class RoundTripFloor {
    /** The floor's p50 and p99 over repetitions, in ms. */
    public record Repeated(Figure p50, Figure p99) {}

    private RoundTripFloor() {}

    /** {@link #measure} at 200 records/s, {@code repetitions} times: what each end-to-end figure is divided by. */
    public static Repeated repeated(String bootstrap, int repetitions, Duration window) throws Exception {
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            LatencySummary floor = measure(bootstrap, 200, window);
            p50.add(floor.p50());
            p99.add(floor.p99());
        }
        return new Repeated(Figure.of(p50), Figure.of(p99));
    }

    /** Sends {@code rate} records/s for {@code window} and returns the distribution of round trips. */
    public static LatencySummary measure(String bootstrap, int rate, Duration window) throws Exception {
        String topic = "bench.floor." + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> producerProps = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
        Map<String, Object> consumerProps = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                500);
        LatencyHistogram histogram = new LatencyHistogram();
        try (KafkaProducer<Long, Long> producer =
                        new KafkaProducer<>(producerProps, new LongSerializer(), new LongSerializer());
                KafkaConsumer<Long, Long> consumer =
                        new KafkaConsumer<>(consumerProps, new LongDeserializer(), new LongDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            // Warm-up outside the clock: metadata, connections, the first fetch sessions.
            for (long w = 0; w < 20; w++) {
                producer.send(new ProducerRecord<>(topic, -1L, System.nanoTime()))
                        .get();
            }
            int warmed = 0;
            long warmDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (warmed < 20 && System.nanoTime() < warmDeadline) {
                warmed += consumer.poll(Duration.ofMillis(100)).count();
            }
            long total = Math.max(1, rate * window.toSeconds());
            long start = System.nanoTime();
            long sent = 0;
            long received = 0;
            long deadline = start + window.toNanos() + Duration.ofSeconds(10).toNanos();
            while (received < total && System.nanoTime() < deadline) {
                long due = start + sent * 1_000_000_000L / rate;
                if (sent < total && System.nanoTime() >= due) {
                    producer.send(new ProducerRecord<>(topic, sent, System.nanoTime()));
                    sent++;
                }
                for (ConsumerRecord<Long, Long> record : consumer.poll(Duration.ofMillis(1))) {
                    long latency = System.nanoTime() - record.value();
                    if (record.key() >= 0) {
                        histogram.record(latency);
                        received++;
                    }
                }
            }
        }
        return histogram.summary();
    }
}
