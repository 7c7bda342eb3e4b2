package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.config.Env;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Throughput of the real topology against a pass-through topology (same Streams settings, same input), on the in-JVM
 * broker. Pre-fills N mixed readings (10 engines; system/memory/graph; 1 in 50 a status report, 1 in 100 broken), then
 * times a fresh application from start until its committed input offsets reach the end. Opt-in: {@code ./mvnw -o -q -pl
 * processor verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ProcessorThroughputIT
 * -Dpulse.bench.readings=100000 [-Dpulse.bench.guarantee=at_least_once] [-Dpulse.bench.commit=100ms]}; results are
 * printed and written to target/throughput.txt.
 */
@ExtendWith(KafkaClusterExtension.class)
@EnabledIfSystemProperty(named = "pulse.bench.readings", matches = "\\d+")
class ProcessorThroughputIT {
    private static final int ENGINES = 10;

    @Test
    void shouldMeasureReadingsPerSecondAgainstAPassThrough(KafkaCluster cluster) throws Exception {
        int n = Integer.parseInt(System.getProperty("pulse.bench.readings"));
        String id = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames topics = TopicNames.prefixed(id + ".");
        KafkaTestClient client = new KafkaTestClient(cluster);
        client.createTopics(
                3,
                List.of(
                        topics.raw(),
                        topics.dlq(),
                        topics.analytics(),
                        topics.memory(),
                        topics.graph(),
                        id + ".passthrough"));
        long prefillStart = System.nanoTime();
        prefill(cluster, topics.raw(), n);
        double prefillSeconds = (System.nanoTime() - prefillStart) / 1e9;

        ProcessorConfig pulse = config(cluster, id + "-pulse").withTopics(topics);
        Result real = run(cluster, pulse, topics.raw(), cfg -> PulseTopology.build(cfg));
        ProcessorConfig passConfig = config(cluster, id + "-pass").withTopics(topics);
        Result pass = run(
                cluster,
                passConfig,
                topics.raw(),
                cfg -> passThrough(cfg.topics().raw(), id + ".passthrough"));

        String report = String.format(
                java.util.Locale.ROOT,
                "readings=%d guarantee=%s commitInterval=%s prefill=%.1fs%n"
                        + "pulse topology:  %.2fs from start (%.2fs after RUNNING) -> %.0f readings/s%n"
                        + "pass-through:    %.2fs from start (%.2fs after RUNNING) -> %.0f readings/s%n"
                        + "ratio pulse/pass-through: %.2f%n"
                        + "pulse stream thread:        %s%n"
                        + "pass-through stream thread: %s%n",
                n,
                pulse.guarantee().streamsValue(),
                pulse.commitInterval(),
                prefillSeconds,
                real.fromStart,
                real.fromRunning,
                n / real.fromRunning,
                pass.fromStart,
                pass.fromRunning,
                n / pass.fromRunning,
                (n / real.fromRunning) / (n / pass.fromRunning),
                real.threadTime,
                pass.threadTime);
        System.out.print(report);
        Files.writeString(Path.of("target", "throughput.txt"), report);
        assertThat(client.readAll(topics.dlq())).hasSizeGreaterThanOrEqualTo(n / 100 - 1);
    }

    /** Seconds from start and from RUNNING to caught up, and where the stream thread spent its time. */
    private record Result(double fromStart, double fromRunning, String threadTime) {}

    /** Kafka Streams' own split of the stream thread's time (KIP-444 ratios) and mean latencies per activity. */
    private static String threadTime(KafkaStreams streams) {
        StringBuilder line = new StringBuilder();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics")
                    && name.name().matches("(process|commit|poll|punctuate)-(ratio|latency-avg)")) {
                line.append(String.format(
                        java.util.Locale.ROOT, " %s=%.3f", name.name(), ((Number) metric.metricValue()).doubleValue()));
            }
        });
        return line.toString().strip();
    }

    private static Result run(
            KafkaCluster cluster, ProcessorConfig config, String input, Function<ProcessorConfig, Topology> topology)
            throws Exception {
        long start = System.nanoTime();
        try (KafkaStreams streams = new KafkaStreams(
                        topology.apply(config),
                        StreamsProperties.of(config, dev.pulse.processor.metrics.PipelineMetrics.noop()));
                Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            long[] running = {0};
            streams.setStateListener((now, was) -> {
                if (now == KafkaStreams.State.RUNNING && running[0] == 0) {
                    running[0] = System.nanoTime();
                }
            });
            streams.start();
            Map<TopicPartition, Long> end = endOffsets(admin, input);
            await().atMost(Duration.ofMinutes(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> caughtUp(admin, config.applicationId(), end));
            long done = System.nanoTime();
            String threadTime = threadTime(streams);
            streams.close(Duration.ofSeconds(30));
            return new Result((done - start) / 1e9, (done - running[0]) / 1e9, threadTime);
        }
    }

    private static boolean caughtUp(Admin admin, String group, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        return end.entrySet().stream()
                .allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue());
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    private static Topology passThrough(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    private static ProcessorConfig config(KafkaCluster cluster, String applicationId) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                cluster.bootstrapServers(),
                "PROCESSOR_PORT",
                "0",
                "PROCESSOR_APPLICATION_ID",
                applicationId,
                "PROCESSOR_STATE_DIR",
                Files.createTempDirectory("pulse-bench").toString()));
        env.put("PROCESSOR_GUARANTEE", System.getProperty("pulse.bench.guarantee", "exactly_once_v2"));
        if (System.getProperty("pulse.bench.commit") != null) {
            env.put("PROCESSOR_COMMIT_INTERVAL", System.getProperty("pulse.bench.commit"));
        }
        return ProcessorConfig.fromEnv(new Env(env));
    }

    /** N readings as the collector would write them: 1 s apart per engine and kind. */
    private static void prefill(KafkaCluster cluster, String topic, int n) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Instant base = Instant.parse("2026-11-25T10:00:00Z");
        String[] kinds = {"system", "memory", "graph"};
        long[] sequences = new long[ENGINES * 4];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                p, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer())) {
            List<java.util.concurrent.Future<?>> last = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int engine = i % ENGINES;
                String id = "bench-engine-" + engine;
                int kindIndex = i % 50 == 49 ? 3 : (i / ENGINES) % 3;
                long seq = ++sequences[engine * 4 + kindIndex];
                Instant at = base.plusSeconds(seq);
                byte[] value;
                if (i % 100 == 42) {
                    value = "{\"engine_id\": broken".getBytes(StandardCharsets.UTF_8);
                } else if (kindIndex == 3) {
                    value = Readings.bytes(Readings.envelope(
                            id, "status", seq, at, Readings.status(seq % 2 == 0 ? "UP" : "DOWN", "bench", at)));
                } else {
                    var payload = switch (kindIndex) {
                        case 0 -> Readings.system(seq % 100, at);
                        case 1 -> Readings.memory(seq, at);
                        default -> Readings.graph(seq, at);
                    };
                    value = Readings.bytes(Readings.envelope(id, kinds[kindIndex], seq, at, payload));
                }
                last.add(producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), value)));
                if (last.size() > 10_000) {
                    last.clear();
                }
            }
            producer.flush();
        }
    }
}
