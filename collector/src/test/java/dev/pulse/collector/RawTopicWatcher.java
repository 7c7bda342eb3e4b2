package dev.pulse.collector;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.topic.PipelineTopics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Collects, in the background, every raw reading of some engines produced after it started. */
final class RawTopicWatcher implements AutoCloseable {
    private final KafkaConsumer<String, RawReading> consumer;
    private final Set<String> engines;
    private final List<RawReading> readings = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    RawTopicWatcher(String bootstrapServers, String... engines) {
        this.engines = Set.of(engines);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), JsonSerde.rawReading());
        List<TopicPartition> partitions =
                consumer.partitionsFor(PipelineTopics.PUBLIC.raw().name(), Duration.ofSeconds(30)).stream()
                        .map(info ->
                                new TopicPartition(PipelineTopics.PUBLIC.raw().name(), info.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the positions now, so nothing produced from here on is missed.
        partitions.forEach(consumer::position);
        thread = new Thread(this::run, "raw-topic-watcher");
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (engines.contains(record.key())) {
                        readings.add(record.value());
                    }
                });
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    List<RawReading> all() {
        return List.copyOf(readings);
    }

    List<RawReading> of(String engine, ReadingKind kind) {
        return readings.stream()
                .filter(r -> r.engineId().equals(engine) && r.kind() == kind)
                .toList();
    }

    List<EngineState> states(String engine) {
        return of(engine, ReadingKind.STATUS).stream()
                .map(r -> EngineState.valueOf(r.payload().get("state").asText()))
                .toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
