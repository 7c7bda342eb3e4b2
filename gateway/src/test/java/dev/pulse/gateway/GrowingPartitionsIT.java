package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.Alert;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.gateway.kafka.EnginePartitions;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import dev.pulse.testing.TestAlerts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Partitions added to a dashboard topic and to the alerts topic while a gateway runs and a client is connected. */
@ExtendWith(KafkaClusterExtension.class)
class GrowingPartitionsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofSeconds(1);

    @Test
    void shouldStreamTheNewPartitionsAndResumeOldTokensExactly(KafkaCluster cluster) throws Exception {
        // given a gateway on topics of 2 partitions, and a client that has received one event
        String prefix = "grow-" + UUID.randomUUID().toString().substring(0, 8) + ".";
        String topic = new PipelineTopics(prefix).analytics().name();
        String stays = engine(p -> EnginePartitions.of("grow-" + p, 2) == EnginePartitions.of("grow-" + p, 3));
        String moved = engine(p -> EnginePartitions.of("grow-" + p, 3) == 2);
        try (GatewayHarness gateway = GatewayHarness.start(
                        cluster,
                        Map.of(
                                "TOPIC_PREFIX",
                                prefix,
                                "TOPIC_PARTITIONS",
                                "2",
                                "GATEWAY_PARTITION_CHECK_INTERVAL",
                                "300ms"));
                KafkaProducer<String, byte[]> producer = new KafkaTestClient(cluster).producer();
                SseTestClient live = SseTestClient.connect(gateway.uri("/events?streams=analytics"))) {
            send(producer, topic, EnginePartitions.of(stays, 2), stays, 1);
            SseTestClient.Event first = live.next(WAIT);
            assertThat(key(first)).isEqualTo(stays + "/1");

            // when a third partition is added and events arrive on it and on an old one
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3)))
                        .all()
                        .get();
            }
            send(producer, topic, 2, moved, 2);
            send(producer, topic, EnginePartitions.of(stays, 3), stays, 3);

            // then the connected client gets both, without a restart of the gateway
            assertThat(live.take(2, WAIT))
                    .extracting(GrowingPartitionsIT::key)
                    .containsExactlyInAnyOrder(moved + "/2", stays + "/3");

            // and a client resuming with the token from before the growth gets exactly what it missed, told that the
            // new partition is read from its start
            try (SseTestClient resumed = SseTestClient.connect(
                    gateway.uri("/events?streams=analytics"), Map.of("Last-Event-ID", first.id()))) {
                List<SseTestClient.Event> replay = resumed.take(3, WAIT);
                assertThat(replay)
                        .filteredOn(e -> e.event().equals("error"))
                        .singleElement()
                        .satisfies(notice -> {
                            JsonNode body = Json.mapper().readTree(notice.data());
                            assertThat(body.get("error").asText()).isEqualTo("partition_not_in_token");
                            assertThat(body.get("partition").asInt()).isEqualTo(2);
                        });
                assertThat(replay)
                        .filteredOn(e -> e.event().equals("analytics"))
                        .extracting(GrowingPartitionsIT::key)
                        .containsExactlyInAnyOrder(moved + "/2", stays + "/3");
                assertThat(resumed.drainUntilQuiet(QUIET, WAIT)).isEmpty();
            }

            // and a token issued after the growth names the new partition: its resume needs no notice
            String after = live.lastId();
            send(producer, topic, 2, moved, 4);
            assertThat(key(live.next(WAIT))).isEqualTo(moved + "/4");
            try (SseTestClient resumed =
                    SseTestClient.connect(gateway.uri("/events?streams=analytics"), Map.of("Last-Event-ID", after))) {
                assertThat(key(resumed.next(WAIT))).isEqualTo(moved + "/4");
                assertThat(resumed.drainUntilQuiet(QUIET, WAIT)).isEmpty();
            }

            // and the alerts topic grows the same way: an alert on its new partition is among the active ones
            String alerts = new PipelineTopics(prefix).alerts().name();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.createPartitions(Map.of(alerts, NewPartitions.increaseTo(3)))
                        .all()
                        .get();
            }
            producer.send(new ProducerRecord<>(
                            alerts,
                            2,
                            moved,
                            JsonSerde.of(Alert.class).serialize(alerts, TestAlerts.cpuBreach(moved, Instant.now()))))
                    .get();
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> Json.mapper()
                                    .readTree(SseTestClient.get(gateway.uri("/api/v1/alerts?engine=" + moved), Map.of())
                                            .body())
                                    .get("alerts")
                                    .size()
                            == 1);
        }
    }

    private static String engine(IntPredicate suffix) {
        return "grow-" + IntStream.range(0, 1000).filter(suffix).findFirst().orElseThrow();
    }

    private static void send(
            KafkaProducer<String, byte[]> producer, String topic, int partition, String engine, long seq)
            throws InterruptedException, ExecutionException {
        producer.send(new ProducerRecord<>(
                        topic, partition, engine, TestEvents.json(StreamName.ANALYTICS, engine, seq)))
                .get();
    }

    /** engine/sequence of an event. */
    private static String key(SseTestClient.Event event) {
        try {
            JsonNode data = Json.mapper().readTree(event.data());
            return data.get("engine_id").asText() + "/" + data.get("sequence").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
