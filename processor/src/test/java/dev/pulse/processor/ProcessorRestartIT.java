package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.config.Env;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.processor.deadletter.DeadLetterHeaders;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
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
        PipelineTopics topics = new PipelineTopics(id + ".");
        KafkaTestClient client = new KafkaTestClient(cluster);
        client.createTopics(2, topics.names());
        Path disk = Files.createTempDirectory("pulse-restart-same");
        ProcessorConfig config = config(cluster, id, disk).withTopics(topics);

        // when the first instance, a process of its own, is killed (SIGKILL) while readings 1..100 of each kind are
        // being processed
        Process first = startProcess(cluster, id, disk);
        try {
            produce(client, topics, 1, PER_KIND);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !client.readAll(topics.analytics().name()).isEmpty());
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
                        .as(() -> diagnosis(client, topics, stream, engine, live.get(engine)))
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, 3 * PER_KIND).boxed().toList());
            }
        }
        assertThat(client.readAll(topics.dlq().name())).isEmpty();
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
        builder.environment().putAll(restartEnv(cluster, id, stateDir));
        builder.redirectErrorStream(true)
                .redirectOutput(Path.of("target", id + "-crashed-processor.log").toFile());
        return builder.start();
    }

    private static ProcessorConfig config(KafkaCluster cluster, String id, Path stateDir) {
        return ProcessorConfig.fromEnv(new Env(restartEnv(cluster, id, stateDir)));
    }

    private static Map<String, String> restartEnv(KafkaCluster cluster, String id, Path stateDir) {
        // A killed member leaves no goodbye: let the group notice within seconds, not 45 s.
        return ProcessorEnv.of(cluster, id, stateDir, "STALE_AFTER", "10m", "KAFKA_SESSION_TIMEOUT_MS", "6000");
    }

    private static void produce(KafkaTestClient client, PipelineTopics topics, long from, long to) {
        Instant base = Instant.parse("2026-11-25T10:00:00Z");
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = client.producer()) {
            for (long seq = from; seq <= to; seq++) {
                Instant at = base.plusSeconds(seq);
                for (String engine : ENGINES) {
                    sends.add(send(
                            producer,
                            topics,
                            engine,
                            Readings.envelope(engine, "system", seq, at, Readings.system(seq % 100, at))));
                    sends.add(send(
                            producer,
                            topics,
                            engine,
                            Readings.envelope(engine, "memory", seq, at, Readings.memory(seq, at))));
                    sends.add(send(
                            producer,
                            topics,
                            engine,
                            Readings.envelope(engine, "graph", seq, at, Readings.graph(seq, at))));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> sent : sends) {
                // A send that failed would show up later as a "lost" sequence: fail here, where it happened.
                sent.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a raw reading was not acknowledged", e);
        }
    }

    private static void produceStatus(KafkaTestClient client, PipelineTopics topics, String engine, String state) {
        Instant now = Instant.now();
        client.send(
                topics.raw().name(),
                engine,
                Readings.bytes(Readings.envelope(engine, "status", 1, now, Readings.status(state, "test", now))));
    }

    private static Future<RecordMetadata> send(
            KafkaProducer<String, byte[]> producer, PipelineTopics topics, String engine, ObjectNode reading) {
        return producer.send(new ProducerRecord<>(topics.raw().name(), engine, Readings.bytes(reading)));
    }

    private static void awaitLive(KafkaTestClient client, PipelineTopics topics, long lastSequence) {
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

    private static StreamEvent<StreamValues> awaitFallback(
            KafkaTestClient client, PipelineTopics topics, String engine) {
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

    /**
     * What became of the sequences missing from an engine's LIVE events, for the failure message: whether the raw topic
     * holds them, whether they were dead-lettered (and why), and every event of the engine on the stream's topic with
     * its status, partition and offset. A loss then says at once which stage lost what.
     */
    private static String diagnosis(
            KafkaTestClient client, PipelineTopics topics, StreamName stream, String engine, List<Long> live) {
        Set<Long> seen = new HashSet<>(live == null ? List.of() : live);
        List<Long> missing = LongStream.rangeClosed(1, 3 * PER_KIND)
                .filter(seq -> !seen.contains(seq))
                .boxed()
                .toList();
        List<String> raw = client.readAll(topics.raw().name()).stream()
                .filter(r -> engine.equals(r.key()))
                .map(r -> "p" + r.partition() + "@" + r.offset() + ":" + new String(r.value(), StandardCharsets.UTF_8))
                .filter(text -> missing.stream().anyMatch(seq -> text.contains("\"sequence\":" + seq + ",")))
                .limit(10)
                .toList();
        List<String> deadLetters = client.readAll(topics.dlq().name()).stream()
                .map(r -> r.key() + " reason=" + header(r.headers().lastHeader(DeadLetterHeaders.REASON)))
                .limit(10)
                .toList();
        List<String> events = client.readAll(topics.dashboard(stream).name()).stream()
                .filter(r -> engine.equals(r.key()) && r.value() != null)
                .map(r -> {
                    StreamEvent<StreamValues> e = JsonSerde.streamEvent(stream).deserialize(r.topic(), r.value());
                    return "p" + r.partition() + "@" + r.offset() + " " + e.status() + " " + e.sequence();
                })
                .limit(40)
                .toList();
        return String.format(
                "%s %s: LIVE sequences in topic order %s, missing %s; raw records with those sequences (first 10) %s;"
                        + " dead letters %s; first events %s",
                engine, stream, ranges(live == null ? List.of() : live), missing, raw, deadLetters, events);
    }

    /** A list of sequences as its runs of consecutive numbers: [21-300, 1-20] shows order and gaps at a glance. */
    private static List<String> ranges(List<Long> sequences) {
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < sequences.size(); ) {
            int j = i;
            while (j + 1 < sequences.size() && sequences.get(j + 1) == sequences.get(j) + 1) {
                j++;
            }
            ranges.add(i == j ? "" + sequences.get(i) : sequences.get(i) + "-" + sequences.get(j));
            i = j + 1;
        }
        return ranges;
    }

    private static String header(Header header) {
        return header == null ? "none" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, List<Long>> liveSequences(
            KafkaTestClient client, PipelineTopics topics, StreamName stream) {
        return events(client, topics, stream).stream()
                .filter(e -> e.status() == EventStatus.LIVE)
                .collect(Collectors.groupingBy(
                        StreamEvent::engineId, Collectors.mapping(StreamEvent::sequence, Collectors.toList())));
    }

    private static List<StreamEvent<StreamValues>> events(
            KafkaTestClient client, PipelineTopics topics, StreamName stream) {
        JsonSerde<StreamEvent<StreamValues>> serde = JsonSerde.streamEvent(stream);
        return client.readAll(topics.dashboard(stream).name()).stream()
                .map(r -> serde.deserialize(r.topic(), r.value()))
                .toList();
    }
}
