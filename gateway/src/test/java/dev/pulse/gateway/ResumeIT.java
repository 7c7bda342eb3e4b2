package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class ResumeIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Nothing more for this long after the expected events: no late duplicate is on its way. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    @Test
    void shouldResumeOnAnotherAndOnTheSameGatewayWithNoGapAndNoDuplicate(KafkaCluster cluster) {
        try (GatewayHarness a = GatewayHarness.start(cluster);
                GatewayHarness b = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: a client of two streams and two engines that has received one event
            String e1 = TestEvents.engine("res1");
            String e2 = TestEvents.engine("res2");
            String query = "/events?streams=analytics,memory&engine=" + e1 + "," + e2;
            String lastId;
            try (SseTestClient client = SseTestClient.connect(a.uri(query))) {
                kafka.send(StreamName.MEMORY, e1, 1);
                SseTestClient.Event first = client.next(WAIT);
                assertThat(key(first)).isEqualTo("memory/" + e1 + "/1");
                lastId = first.id();
            }

            // when: events arrive while it is away, also on streams and partitions it had nothing from yet
            kafka.send(StreamName.ANALYTICS, e2, 2);
            kafka.send(StreamName.MEMORY, e2, 3);
            kafka.send(StreamName.ANALYTICS, e1, 4);
            kafka.send(StreamName.MEMORY, e1, 5);

            // then: on the other replica it gets exactly those (browser style: Last-Event-ID header), then live ones
            String secondId;
            try (SseTestClient client = SseTestClient.connect(b.uri(query), Map.of("Last-Event-ID", lastId))) {
                List<String> replayed =
                        client.take(4, WAIT).stream().map(ResumeIT::key).toList();
                assertThat(replayed)
                        .containsExactlyInAnyOrder(
                                "analytics/" + e2 + "/2",
                                "memory/" + e2 + "/3",
                                "analytics/" + e1 + "/4",
                                "memory/" + e1 + "/5");
                kafka.send(StreamName.ANALYTICS, e1, 6);
                SseTestClient.Event live = client.next(WAIT);
                assertThat(key(live)).isEqualTo("analytics/" + e1 + "/6");
                assertThat(client.drainUntilQuiet(QUIET, WAIT)).isEmpty();
                secondId = live.id();
            }

            // and back on the first replica (first-request style: ?lastEventId=), again exactly the missed ones
            kafka.send(StreamName.MEMORY, e2, 7);
            try (SseTestClient client = SseTestClient.connect(a.uri(query + "&lastEventId=" + secondId))) {
                assertThat(key(client.next(WAIT))).isEqualTo("memory/" + e2 + "/7");
                kafka.send(StreamName.MEMORY, e1, 8);
                assertThat(key(client.next(WAIT))).isEqualTo("memory/" + e1 + "/8");
                assertThat(client.drainUntilQuiet(QUIET, WAIT)).isEmpty();
            }
        }
    }

    @Test
    void shouldReplayFromATimeGivenAsSince(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: an event before and two after a point in time
            String engine = TestEvents.engine("since");
            long at = System.currentTimeMillis();
            kafka.send(StreamName.GRAPH, engine, 1, at - 10);
            RecordMetadata from = kafka.send(StreamName.GRAPH, engine, 2, at);
            kafka.send(StreamName.GRAPH, engine, 3, at);
            String since =
                    URLEncoder.encode(Instant.ofEpochMilli(from.timestamp()).toString(), StandardCharsets.UTF_8);

            // when
            try (SseTestClient client =
                    SseTestClient.connect(gateway.uri("/events?streams=graph&engine=" + engine + "&since=" + since))) {
                // then: those from that time on, no snapshot, then live
                assertThat(client.take(2, WAIT))
                        .extracting(ResumeIT::key)
                        .containsExactly("graph/" + engine + "/2", "graph/" + engine + "/3");
                kafka.send(StreamName.GRAPH, engine, 4);
                assertThat(key(client.next(WAIT))).isEqualTo("graph/" + engine + "/4");
            }
        }
    }

    @Test
    void shouldSayATokenExpiredAndContinueFromTheEarliestHeld(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: a token (from the snapshot API) and, after it, events of which Kafka dropped the first
            String engine = TestEvents.engine("expired");
            kafka.send(StreamName.MEMORY, engine, 1);
            String token = Awaitility.await()
                    .until(
                            () -> Json.mapper()
                                    .readTree(SseTestClient.get(
                                                    gateway.uri("/api/v1/snapshot?engine=" + engine), Map.of())
                                            .body()),
                            s -> s.get("engines").has(engine))
                    .get("token")
                    .asText();
            kafka.send(StreamName.MEMORY, engine, 2);
            RecordMetadata kept = kafka.send(StreamName.MEMORY, engine, 3);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                admin.deleteRecords(Map.of(
                                new TopicPartition(kept.topic(), kept.partition()),
                                RecordsToDelete.beforeOffset(kept.offset())))
                        .all()
                        .get();
            }

            // when
            try (SseTestClient client = SseTestClient.connect(
                    gateway.uri("/events?streams=memory&engine=" + engine), Map.of("Last-Event-ID", token))) {
                // then: a clear notice first, then what is still held, then live
                SseTestClient.Event notice = client.next(WAIT);
                assertThat(notice.event()).isEqualTo("error");
                assertThat(notice.id()).isNull();
                assertThat(Json.mapper().readTree(notice.data()).get("error").asText())
                        .isEqualTo("token_expired");
                assertThat(key(client.next(WAIT))).isEqualTo("memory/" + engine + "/3");
                kafka.send(StreamName.MEMORY, engine, 4);
                assertThat(key(client.next(WAIT))).isEqualTo("memory/" + engine + "/4");
            }
        }
    }

    @Test
    void shouldContinueLiveAfterTheSnapshotApiWithItsToken(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: the snapshot of an engine
            String engine = TestEvents.engine("api");
            kafka.send(StreamName.ANALYTICS, engine, 1);
            kafka.send(StreamName.GRAPH, engine, 2);
            // (the gateway reads the topics asynchronously: wait until it has both)
            JsonNode snapshot = Awaitility.await()
                    .until(
                            () -> Json.mapper()
                                    .readTree(SseTestClient.get(
                                                    gateway.uri("/api/v1/snapshot?engine=" + engine), Map.of())
                                            .body()),
                            s -> s.get("engines").path(engine).size() == 2);
            assertThat(snapshot.get("engines")
                            .get(engine)
                            .get("analytics")
                            .get("sequence")
                            .asLong())
                    .isEqualTo(1);
            assertThat(snapshot.get("engines")
                            .get(engine)
                            .get("graph")
                            .get("sequence")
                            .asLong())
                    .isEqualTo(2);
            kafka.send(StreamName.GRAPH, engine, 3);

            // when: streaming from the snapshot's token
            try (SseTestClient client = SseTestClient.connect(gateway.uri("/events?engine=" + engine + "&lastEventId="
                    + snapshot.get("token").asText()))) {
                // then: only what came after it
                assertThat(key(client.next(WAIT))).isEqualTo("graph/" + engine + "/3");
                assertThat(client.drainUntilQuiet(QUIET, WAIT)).isEmpty();
            }
        }
    }

    static String key(SseTestClient.Event event) {
        try {
            JsonNode data = Json.mapper().readTree(event.data());
            assertThat(data.get("stream").asText()).isEqualTo(event.event());
            return event.event() + "/" + data.get("engine_id").asText() + "/"
                    + data.get("sequence").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
