package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.config.Env;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Restarts on the real broker: after a crash (SIGKILL of a processor process in mid-stream), on the same state
 * directory, then on an empty one (state restored from the changelogs). Last-known-good values survive, and under
 * exactly_once_v2 no LIVE event appears twice (by collector sequence).
 */
@ExtendWith(KafkaClusterExtension.class)
class ProcessorRestartIT {
    private static final int PER_KIND = 100;
    private static final List<String> ENGINES = List.of("restart-a", "restart-b");

    @Test
    void shouldKeepLastGoodValuesAndEmitNoDuplicatesAcrossACrashAndRestarts(KafkaCluster cluster)
            throws IOException, InterruptedException {
        // given a processor with its own topics and state directory
        String id = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        TopicNames topics = TopicNames.prefixed(id + ".");
        KafkaTestClient client = new KafkaTestClient(cluster);
        client.createTopics(
                2, List.of(topics.raw(), topics.dlq(), topics.analytics(), topics.memory(), topics.graph()));
        Path disk = Files.createTempDirectory("pulse-restart-same");
        ProcessorConfig config = config(cluster, id, disk).withTopics(topics);

        // when the first instance, a process of its own, is killed (SIGKILL) while readings 1..100 of each kind are
        // being processed
        Process first = startProcess(cluster, id, disk);
        try {
            produce(client, topics, 1, PER_KIND);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !client.readAll(topics.analytics()).isEmpty());
        } finally {
            first.destroyForcibly().waitFor();
        }

        // and a second instance on the same state directory takes over, then hears that restart-a is DOWN
        try (ProcessorService second = ProcessorService.start(config)) {
            awaitLive(client, topics, PER_KIND);
            produceStatus(client, topics, "restart-a", "DOWN");
            StreamEvent<StreamValues> fallback = awaitFallback(client, topics, "restart-a");
            assertThat(fallback.sequence()).isEqualTo(PER_KIND);
            produce(client, topics, PER_KIND + 1, 2 * PER_KIND);
            awaitLive(client, topics, 2 * PER_KIND);
        }

        // and a third instance starts on an empty state directory: the changelogs restore its stores
        ProcessorConfig emptyDisk = config(cluster, id, Files.createTempDirectory("pulse-restart-empty"))
                .withTopics(topics);
        try (ProcessorService third = ProcessorService.start(emptyDisk)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> third.state() == KafkaStreams.State.RUNNING);
            produceStatus(client, topics, "restart-b", "CIRCUIT_OPEN");
            StreamEvent<StreamValues> fallback = awaitFallback(client, topics, "restart-b");
            assertThat(fallback.sequence()).isEqualTo(2 * PER_KIND);
            assertThat(fallback.window()).isNotNull();
            produce(client, topics, 2 * PER_KIND + 1, 3 * PER_KIND);
            awaitLive(client, topics, 3 * PER_KIND);
        }

        // then every stream of every engine has each sequence LIVE exactly once
        for (StreamName stream : StreamName.values()) {
            Map<String, List<Long>> live = liveSequences(client, topics, stream);
            for (String engine : ENGINES) {
                assertThat(live.get(engine))
                        .as("%s %s", engine, stream)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, 3 * PER_KIND).boxed().toList());
            }
        }
        assertThat(client.readAll(topics.dlq())).isEmpty();
    }

    /** The processor as its own JVM on the test classpath, so the test can kill it without a clean shutdown. */
    private static Process startProcess(KafkaCluster cluster, String id, Path stateDir) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CrashableProcessor.class.getName(),
                id + ".");
        builder.environment()
                .putAll(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS",
                        cluster.bootstrapServers(),
                        "PROCESSOR_PORT",
                        "0",
                        "PROCESSOR_APPLICATION_ID",
                        id,
                        "PROCESSOR_STATE_DIR",
                        stateDir.toString(),
                        "STALE_AFTER",
                        "10m",
                        // A killed member leaves no goodbye: let the group notice within seconds, not 45 s.
                        "KAFKA_SESSION_TIMEOUT_MS",
                        "6000"));
        builder.redirectErrorStream(true)
                .redirectOutput(Path.of("target", id + "-crashed-processor.log").toFile());
        return builder.start();
    }

    private static ProcessorConfig config(KafkaCluster cluster, String id, Path stateDir) {
        return ProcessorConfig.fromEnv(new Env(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                cluster.bootstrapServers(),
                "PROCESSOR_PORT",
                "0",
                "PROCESSOR_APPLICATION_ID",
                id,
                "PROCESSOR_STATE_DIR",
                stateDir.toString(),
                "STALE_AFTER",
                "10m",
                "KAFKA_SESSION_TIMEOUT_MS",
                "6000")));
    }

    private static void produce(KafkaTestClient client, TopicNames topics, long from, long to) {
        Instant base = Instant.parse("2026-11-25T10:00:00Z");
        try (KafkaProducer<String, byte[]> producer = client.producer()) {
            for (long seq = from; seq <= to; seq++) {
                Instant at = base.plusSeconds(seq);
                for (String engine : ENGINES) {
                    send(
                            producer,
                            topics,
                            engine,
                            Readings.envelope(engine, "system", seq, at, Readings.system(seq % 100, at)));
                    send(
                            producer,
                            topics,
                            engine,
                            Readings.envelope(engine, "memory", seq, at, Readings.memory(seq, at)));
                    send(
                            producer,
                            topics,
                            engine,
                            Readings.envelope(engine, "graph", seq, at, Readings.graph(seq, at)));
                }
            }
            producer.flush();
        }
    }

    private static void produceStatus(KafkaTestClient client, TopicNames topics, String engine, String state) {
        Instant now = Instant.now();
        client.send(
                topics.raw(),
                engine,
                Readings.bytes(Readings.envelope(engine, "status", 1, now, Readings.status(state, "test", now))));
    }

    private static void send(
            KafkaProducer<String, byte[]> producer,
            TopicNames topics,
            String engine,
            com.fasterxml.jackson.databind.node.ObjectNode reading) {
        producer.send(new ProducerRecord<>(topics.raw(), engine, Readings.bytes(reading)));
    }

    private static void awaitLive(KafkaTestClient client, TopicNames topics, long lastSequence) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    for (StreamName stream : StreamName.values()) {
                        Map<String, List<Long>> live = liveSequences(client, topics, stream);
                        for (String engine : ENGINES) {
                            List<Long> sequences = live.getOrDefault(engine, List.of());
                            if (sequences.isEmpty() || sequences.getLast() < lastSequence) {
                                return false;
                            }
                        }
                    }
                    return true;
                });
    }

    private static StreamEvent<StreamValues> awaitFallback(KafkaTestClient client, TopicNames topics, String engine) {
        List<StreamEvent<StreamValues>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    found.clear();
                    events(client, topics, StreamName.MEMORY).stream()
                            .filter(e -> e.engineId().equals(engine) && e.status() == EventStatus.FALLBACK)
                            .forEach(found::add);
                    return !found.isEmpty();
                });
        return found.getLast();
    }

    private static Map<String, List<Long>> liveSequences(KafkaTestClient client, TopicNames topics, StreamName stream) {
        return events(client, topics, stream).stream()
                .filter(e -> e.status() == EventStatus.LIVE)
                .collect(Collectors.groupingBy(
                        StreamEvent::engineId, Collectors.mapping(StreamEvent::sequence, Collectors.toList())));
    }

    private static List<StreamEvent<StreamValues>> events(
            KafkaTestClient client, TopicNames topics, StreamName stream) {
        JsonSerde<StreamEvent<StreamValues>> serde = JsonSerde.streamEvent(stream);
        return client.readAll(topics.of(stream)).stream()
                .map(r -> serde.deserialize(r.topic(), r.value()))
                .toList();
    }
}
