package dev.pulse.bench.e2e;

import dev.pulse.bench.measure.LatencyHistogram;
import dev.pulse.bench.measure.LatencySummary;
import dev.pulse.common.topic.PipelineTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A plain read_committed consumer of the dashboard topics that times LIVE events against their collected-at, as the SSE
 * client does: the difference between the two is the gateway's share.
 */
public final class DashboardTail implements AutoCloseable {
    private final LatencyHistogram histogram = new LatencyHistogram();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean recording;
    private final AtomicLong live = new AtomicLong();

    public DashboardTail(String bootstrap) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        thread = Thread.ofPlatform().daemon().name("dashboard-tail").start(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : PipelineTopics.PUBLIC.dashboardNames()) {
                    consumer.partitionsFor(topic)
                            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        live.incrementAndGet();
                        if (recording) {
                            record(new String(record.value(), StandardCharsets.UTF_8), Instant.now());
                        }
                    }
                }
            }
        });
    }

    private void record(String json, Instant now) {
        if (!json.contains("\"status\":\"LIVE\"")) {
            return;
        }
        int at = json.indexOf("\"emitted_at\":\"") + 14;
        Instant emitted = Instant.parse(json.substring(at, json.indexOf('"', at)));
        int age = json.indexOf("\"age_ms\":") + 9;
        int end = age;
        while (Character.isDigit(json.charAt(end))) {
            end++;
        }
        Instant collected = emitted.minusMillis(Long.parseLong(json.substring(age, end)));
        synchronized (histogram) {
            histogram.record(Duration.between(collected, now).toNanos());
        }
    }

    /** Waits until a record newer than this call arrives (the processor is running and committing). */
    public boolean awaitRecords(Duration timeout) throws InterruptedException {
        long before = live.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (live.get() > before + 2) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    public void startWindow() {
        synchronized (histogram) {
            histogram.reset();
        }
        recording = true;
    }

    public LatencySummary endWindow() {
        recording = false;
        synchronized (histogram) {
            return histogram.summary();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
