package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.Alert;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import dev.pulse.testing.KafkaTestClient;
import dev.pulse.testing.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Alert records on the real engine.alerts topic, as the processor writes them, through /events and /api/v1/alerts. */
@ExtendWith(KafkaClusterExtension.class)
class AlertsIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final JsonSerde<Alert> SERDE = JsonSerde.of(Alert.class);

    @Test
    void shouldStreamABreachAndListItUntilItsClearRemovesIt(KafkaCluster cluster) throws Exception {
        String engine = TestEvents.engine("hot");
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                KafkaProducer<String, byte[]> producer = new KafkaTestClient(cluster).producer();
                TestEvents events = new TestEvents(cluster);
                SseTestClient client =
                        SseTestClient.connect(gateway.uri("/events?streams=analytics,alerts&engine=" + engine))) {
            // given a client of analytics and alerts: it starts with the active alerts, none yet
            SseTestClient.Event opening = client.next(WAIT);
            assertThat(opening.event()).isEqualTo("alerts-active");
            assertThat(opening.id()).isNull();
            assertThat(Json.mapper().readTree(opening.data()).get("alerts")).isEmpty();

            // when the processor writes a breach of the engine
            Alert breach = TestAlerts.cpuBreach(engine, Instant.now());
            send(
                    producer,
                    engine,
                    SERDE.serialize(PipelineTopics.PUBLIC.alerts().name(), breach));

            // then the client gets it as an alerts event, the record's JSON without an id
            SseTestClient.Event live = client.next(WAIT);
            assertThat(live.event()).isEqualTo("alerts");
            assertThat(live.id()).isNull();
            assertThat(Json.mapper().readValue(live.data(), Alert.class)).isEqualTo(breach);
            // and the alert is listed as active
            Awaitility.await().atMost(WAIT).until(() -> active(gateway, engine).size() == 1);
            JsonNode listed = active(gateway, engine).getFirst();
            assertThat(listed.get("engine_id").asText()).isEqualTo(engine);
            assertThat(listed.get("field").asText()).isEqualTo("cpu_usage");
            assertThat(listed.get("level").asText()).isEqualTo("warning");
            assertThat(listed.get("bound").asDouble()).isEqualTo(90);

            // and a client connecting now starts with it
            try (SseTestClient late = SseTestClient.connect(gateway.uri("/events?streams=alerts&engine=" + engine))) {
                SseTestClient.Event first = late.next(WAIT);
                assertThat(first.event()).isEqualTo("alerts-active");
                assertThat(Json.mapper().readValue(first.data(), Map.class).get("alerts"))
                        .asList()
                        .hasSize(1);
            }

            // and the stream events still carry their resume ids
            events.send(StreamName.ANALYTICS, engine, 1);
            SseTestClient.Event data = client.next(WAIT);
            assertThat(data.event()).isEqualTo("analytics");
            assertThat(data.id()).startsWith("v1.");

            // when the clear follows
            Alert clear = TestAlerts.clearOf(breach);
            send(
                    producer,
                    engine,
                    SERDE.serialize(PipelineTopics.PUBLIC.alerts().name(), clear));

            // then the client gets it, and the alert is no longer active
            SseTestClient.Event cleared = client.next(WAIT);
            assertThat(cleared.event()).isEqualTo("alerts");
            assertThat(Json.mapper().readValue(cleared.data(), Alert.class).transition())
                    .isEqualTo(Alert.Transition.CLEAR);
            Awaitility.await().atMost(WAIT).until(() -> active(gateway, engine).isEmpty());
        }
    }

    @Test
    void shouldRebuildTheActiveAlertsFromTheTopicAndDropARetiredEngine(KafkaCluster cluster) throws Exception {
        String kept = TestEvents.engine("kept");
        String retired = TestEvents.engine("retired");
        try (KafkaProducer<String, byte[]> producer = new KafkaTestClient(cluster).producer()) {
            // given alerts already on the topic before the replica starts
            send(
                    producer,
                    kept,
                    SERDE.serialize(PipelineTopics.PUBLIC.alerts().name(), TestAlerts.cpuBreach(kept, Instant.now())));
            send(
                    producer,
                    retired,
                    SERDE.serialize(
                            PipelineTopics.PUBLIC.alerts().name(), TestAlerts.cpuBreach(retired, Instant.now())));

            try (GatewayHarness gateway = GatewayHarness.start(cluster)) {
                // then a replica that is ready lists them
                assertThat(active(gateway, kept)).hasSize(1);
                assertThat(active(gateway, retired)).hasSize(1);

                // when one engine is retired: its clear, then its tombstone
                send(
                        producer,
                        retired,
                        SERDE.serialize(
                                PipelineTopics.PUBLIC.alerts().name(),
                                TestAlerts.clearOf(TestAlerts.cpuBreach(retired, Instant.now()))));
                send(producer, retired, null);

                // then only the other is left
                Awaitility.await()
                        .atMost(WAIT)
                        .until(() -> active(gateway, retired).isEmpty());
                assertThat(active(gateway, kept)).hasSize(1);
                assertThat(SseTestClient.get(gateway.uri("/api/v1/alerts?engine=" + kept + "," + retired), Map.of())
                                .statusCode())
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void shouldRefuseABadEngineIdOnTheAlertsEndpoint(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(cluster)) {
            var response = SseTestClient.get(gateway.uri("/api/v1/alerts?engine=bad%20id"), Map.of());

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("bad engine id");
        }
    }

    private static List<JsonNode> active(GatewayHarness gateway, String engine) throws Exception {
        var response = SseTestClient.get(gateway.uri("/api/v1/alerts?engine=" + engine), Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        return List.copyOf(Json.mapper()
                .readTree(response.body())
                .get("alerts")
                .valueStream()
                .toList());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String engine, byte[] value)
            throws InterruptedException, ExecutionException {
        producer.send(new ProducerRecord<>(PipelineTopics.PUBLIC.alerts().name(), engine, value))
                .get();
    }
}
