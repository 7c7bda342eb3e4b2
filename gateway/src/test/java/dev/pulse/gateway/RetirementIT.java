package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamName;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Engines without data yet and engines that retire, as the processor reports them, through snapshot and stream. */
@ExtendWith(KafkaClusterExtension.class)
class RetirementIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @Test
    void shouldDropARetiredEngineFromTheSnapshotOnItsTombstones(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: two engines in the snapshot
            String retiring = TestEvents.engine("retiring");
            String staying = TestEvents.engine("staying");
            for (StreamName stream : StreamName.values()) {
                kafka.send(stream, retiring, 1);
                kafka.send(stream, staying, 1);
            }
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> engines(gateway).path(retiring).size() == 3);

            // when: one retires (its last event per stream, then a tombstone per stream)
            for (StreamName stream : StreamName.values()) {
                kafka.send(
                        stream, retiring, TestEvents.withoutValues(stream, retiring, EventStatus.RETIRED, "removed"));
                kafka.send(stream, retiring, (byte[]) null);
            }

            // then: it leaves the snapshot, the other stays, and the replica stays ready
            Awaitility.await().atMost(WAIT).until(() -> !engines(gateway).has(retiring));
            assertThat(engines(gateway).path(staying).size()).isEqualTo(3);
            assertThat(SseTestClient.get(gateway.uri("/ready"), Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldTellAConnectedClientThatAnEngineRetiredAndNeverBringItBackOnResume(KafkaCluster cluster)
            throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            String engine = TestEvents.engine("gone");
            String other = TestEvents.engine("other");
            kafka.send(StreamName.MEMORY, engine, 1);
            String retiredId;
            try (SseTestClient client = SseTestClient.connect(gateway.uri("/events?streams=memory&engine=" + engine))) {
                client.until(e -> e.data().contains(engine), WAIT);

                // when: the engine retires
                kafka.send(
                        StreamName.MEMORY,
                        engine,
                        TestEvents.withoutValues(StreamName.MEMORY, engine, EventStatus.RETIRED, "removed"));
                kafka.send(StreamName.MEMORY, engine, (byte[]) null);

                // then: the RETIRED event as it is, then a retired event naming engine and stream, with an id
                SseTestClient.Event last = client.next(WAIT);
                assertThat(last.event()).isEqualTo("memory");
                assertThat(json(last).get("status").asText()).isEqualTo("RETIRED");
                assertThat(json(last).get("values").isNull()).isTrue();
                SseTestClient.Event retired = client.next(WAIT);
                assertThat(retired.event()).isEqualTo("retired");
                assertThat(retired.id()).startsWith("v1.");
                assertThat(json(retired).get("engine_id").asText()).isEqualTo(engine);
                assertThat(json(retired).get("stream").asText()).isEqualTo("memory");
                retiredId = retired.id();
            }

            // when: a client resumes after the retirement while another engine carries on
            kafka.send(StreamName.MEMORY, other, 5);
            try (SseTestClient resumed =
                    SseTestClient.connect(gateway.uri("/events?streams=memory"), Map.of("Last-Event-ID", retiredId))) {
                // then: it gets what came after, and nothing of the retired engine
                List<SseTestClient.Event> events = resumed.until(e -> e.data().contains(other), WAIT);
                assertThat(events).noneMatch(e -> e.data().contains(engine));
            }

            // and a fresh client's snapshot does not hold it either (the snapshot comes before anything live)
            try (SseTestClient fresh = SseTestClient.connect(gateway.uri("/events?streams=memory"))) {
                kafka.send(StreamName.MEMORY, other, 6);
                List<SseTestClient.Event> events = fresh.until(
                        e -> e.data().contains(other) && json(e).get("sequence").asLong() == 6, WAIT);
                assertThat(events).noneMatch(e -> e.data().contains(engine));
            }
        }
    }

    @Test
    void shouldReplayTheRetirementToAClientResumingFromBeforeIt(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: a token from before the retirement
            String engine = TestEvents.engine("replayed");
            kafka.send(StreamName.GRAPH, engine, 1);
            JsonNode snapshot = Awaitility.await()
                    .atMost(WAIT)
                    .until(
                            () -> snapshot(gateway, "?engine=" + engine),
                            s -> s.get("engines").has(engine));
            kafka.send(
                    StreamName.GRAPH,
                    engine,
                    TestEvents.withoutValues(StreamName.GRAPH, engine, EventStatus.RETIRED, "removed"));
            kafka.send(StreamName.GRAPH, engine, (byte[]) null);

            // when
            try (SseTestClient client = SseTestClient.connect(gateway.uri("/events?streams=graph&engine=" + engine
                    + "&lastEventId=" + snapshot.get("token").asText()))) {
                // then: the replay ends the engine as the live stream would
                List<SseTestClient.Event> events = client.take(2, WAIT);
                assertThat(json(events.get(0)).get("status").asText()).isEqualTo("RETIRED");
                assertThat(events.get(1).event()).isEqualTo("retired");
                assertThat(json(events.get(1)).get("engine_id").asText()).isEqualTo(engine);
            }
        }
    }

    @Test
    void shouldServeANoDataYetFallbackEventInTheSnapshotAndOnTheStream(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: an engine that has never produced a valid reading
            String engine = TestEvents.engine("nodata");
            kafka.send(
                    StreamName.ANALYTICS,
                    engine,
                    TestEvents.withoutValues(
                            StreamName.ANALYTICS, engine, EventStatus.FALLBACK, "engine DOWN: connection refused"));

            // when / then: the snapshot holds it as it is
            JsonNode event = Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> engines(gateway).path(engine).path("analytics"), e -> !e.isMissingNode());
            assertThat(event.get("status").asText()).isEqualTo("FALLBACK");
            assertThat(event.get("values").isNull()).isTrue();
            assertThat(event.get("observed_at").isNull()).isTrue();
            assertThat(event.get("sequence").asLong()).isZero();
            assertThat(event.get("reason").asText()).isEqualTo("engine DOWN: connection refused");

            // and a client gets it from the snapshot, then live
            try (SseTestClient client =
                    SseTestClient.connect(gateway.uri("/events?streams=analytics&engine=" + engine))) {
                SseTestClient.Event first = client.next(WAIT);
                assertThat(json(first).get("values").isNull()).isTrue();
                kafka.send(
                        StreamName.ANALYTICS,
                        engine,
                        TestEvents.withoutValues(StreamName.ANALYTICS, engine, EventStatus.FALLBACK, "circuit open"));
                SseTestClient.Event live = client.next(WAIT);
                assertThat(json(live).get("reason").asText()).isEqualTo("circuit open");
                assertThat(json(live).get("values").isNull()).isTrue();
            }
        }
    }

    private static JsonNode engines(GatewayHarness gateway) throws IOException {
        return snapshot(gateway, "").get("engines");
    }

    private static JsonNode snapshot(GatewayHarness gateway, String query) throws IOException {
        return Json.mapper()
                .readTree(SseTestClient.get(gateway.uri("/api/v1/snapshot" + query), Map.of())
                        .body());
    }

    private static JsonNode json(SseTestClient.Event event) {
        try {
            return Json.mapper().readTree(event.data());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
