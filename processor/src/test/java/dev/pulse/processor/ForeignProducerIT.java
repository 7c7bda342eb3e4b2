package dev.pulse.processor;

import static dev.pulse.processor.DeadLetterTopologyTest.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.Topic;
import dev.pulse.processor.deadletter.DeadLetterHeaders;
import dev.pulse.processor.gate.RawPartitioning;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kcat (librdkafka) as a producer of the raw topic next to the processor: by its default partitioner and by murmur2.
 */
@ExtendWith(KafkaClusterExtension.class)
class ForeignProducerIT {
    private static final int PARTITIONS = 3;

    @Test
    void shouldDeadLetterKcatsDefaultPartitioningAndProcessItsMurmur2Partitioning(KafkaCluster cluster)
            throws Exception {
        Path kcat = Stream.of("/usr/bin/kcat", "/usr/local/bin/kcat", "/usr/bin/kafkacat")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        Assumptions.assumeTrue(kcat != null, "kcat is not installed (bin/test-prerequisites installs it): skipping");

        // given a processor on a raw topic of 3 partitions, and an engine whose key librdkafka's default partitioner
        // (consistent_random: CRC32 of the key) puts on another partition than the Java client's murmur2
        String id = "foreign-" + UUID.randomUUID().toString().substring(0, 8);
        PipelineTopics topics = new PipelineTopics(id + ".");
        String engine = IntStream.range(0, 1000)
                .mapToObj(i -> id + "-e" + i)
                .filter(key -> crc32Partition(key) != murmur2Partition(key))
                .findFirst()
                .orElseThrow();
        ProcessorConfig config = ProcessorEnv.config(
                cluster, id, "TOPIC_PREFIX", id + ".", "TOPIC_PARTITIONS", Integer.toString(PARTITIONS));

        try (ProcessorService service = ProcessorService.start(config)) {
            // (the gate asks for the partition count when its task starts, and lets records pass until it knows)
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/metrics"))
                    .build();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Pattern.compile(
                                    "(?m)^pulse_processor_raw_partitions(\\{[^}]*})? " + PARTITIONS + "\\.0$")
                            .matcher(http.send(metrics, HttpResponse.BodyHandlers.ofString())
                                    .body())
                            .find());
            Instant now = Instant.now();
            // when kcat writes reading 1 with its default partitioner and reading 2 with murmur2_random
            kcat(kcat, cluster, topics.raw().name(), engine, reading(engine, 1, now));
            kcat(
                    kcat,
                    cluster,
                    topics.raw().name(),
                    engine,
                    reading(engine, 2, now.plusSeconds(1)),
                    "-X",
                    "partitioner=murmur2_random");

            // then reading 1 is a dead letter naming both partitions, and reading 2 a LIVE event
            KafkaTestClient client = new KafkaTestClient(cluster);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !client.readAll(topics.dlq().name()).isEmpty());
            ConsumerRecord<String, byte[]> letter =
                    client.readAll(topics.dlq().name()).getFirst();
            assertThat(letter.key()).isEqualTo(engine);
            assertThat(header(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo("wrong-partition");
            assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION))
                    .isEqualTo(Integer.toString(crc32Partition(engine)));
            assertThat(header(letter.headers(), DeadLetterHeaders.DETAIL))
                    .contains("belongs on partition " + murmur2Partition(engine) + " of " + PARTITIONS)
                    .contains("arrived on partition " + crc32Partition(engine));

            Topic<String, StreamEvent<StreamValues>> analytics = topics.analytics();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(client.readAll(analytics.name()))
                            .map(r -> analytics.valueSerde().deserializer().deserialize(analytics.name(), r.value()))
                            .filteredOn(event -> event.status() == EventStatus.LIVE)
                            .singleElement()
                            .satisfies(event -> {
                                assertThat(event.engineId()).isEqualTo(engine);
                                assertThat(event.sequence()).isEqualTo(2);
                            }));
            assertThat(client.readAll(topics.dlq().name())).hasSize(1);
        }
    }

    private static String reading(String engine, long sequence, Instant at) {
        return new String(
                Readings.bytes(Readings.envelope(engine, "system", sequence, at, Readings.system(10, at))),
                StandardCharsets.UTF_8);
    }

    /** One record, key and value split at the first '|', written and flushed before kcat exits. */
    private static void kcat(Path kcat, KafkaCluster cluster, String topic, String key, String value, String... extra)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(kcat.toString(), "-b", cluster.bootstrapServers(), "-P", "-t", topic, "-K", "|"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((key + "|" + value + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("kcat exits").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("kcat exit code, output: %s", output).isZero();
    }

    private static int murmur2Partition(String key) {
        return RawPartitioning.partitionFor(key.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    /** librdkafka's default partitioner, consistent_random, for a non-empty key. */
    private static int crc32Partition(String key) {
        CRC32 crc = new CRC32();
        crc.update(key.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PARTITIONS);
    }
}
