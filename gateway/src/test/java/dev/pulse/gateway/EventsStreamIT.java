package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class EventsStreamIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Nothing more for this long after the expected events: no late duplicate is on its way. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    @Test
    void shouldSendLatestEventPerEngineThenLiveEventsToAPlainClient(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: two readings of one engine already on the topic
            String engine = TestEvents.engine("snap");
            kafka.send(StreamName.ANALYTICS, engine, 1);
            kafka.send(StreamName.ANALYTICS, engine, 2);
            // (the replica has read both: otherwise the second could arrive live, after a snapshot of the first)
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> SseTestClient.get(gateway.uri("/api/v1/snapshot?engine=" + engine), Map.of())
                            .body()
                            .contains("\"sequence\":2"));

            // when: a client without an Accept header connects (as curl -N does)
            try (SseTestClient client =
                    SseTestClient.connect(gateway.uri("/events?streams=analytics&engine=" + engine))) {
                // then: it streams, first the latest event only
                assertThat(client.status()).isEqualTo(200);
                assertThat(client.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
                assertThat(client.headers().firstValue("Cache-Control")).hasValue("no-cache");
                SseTestClient.Event first = client.next(WAIT);
                assertThat(first.event()).isEqualTo("analytics");
                assertThat(sequence(first)).isEqualTo(2);
                assertThat(first.id()).startsWith("v1.");

                // and then live events as they arrive
                kafka.send(StreamName.ANALYTICS, engine, 3);
                assertThat(sequence(client.next(WAIT))).isEqualTo(3);
                assertThat(client.retries()).containsExactly("2000");
            }
        }
    }

    @Test
    void shouldSendOnlyTheAskedStreamsAndEnginesOnOneConnection(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: a client of two streams and one engine
            String wanted = TestEvents.engine("want");
            String other = TestEvents.engine("other");
            try (SseTestClient client =
                    SseTestClient.connect(gateway.uri("/events?streams=analytics,graph&engine=" + wanted))) {
                // when: events of every stream for both engines
                for (StreamName stream : StreamName.values()) {
                    kafka.send(stream, other, 1);
                    kafka.send(stream, wanted, 2);
                }
                kafka.send(StreamName.GRAPH, wanted, 3);

                // then: only the asked ones, each under its stream name
                List<String> received =
                        client.until(e -> ResumeIT.key(e).equals("graph/" + wanted + "/3"), WAIT).stream()
                                .map(ResumeIT::key)
                                .toList();
                assertThat(received)
                        .containsExactly(
                                "analytics/" + wanted + "/2", "graph/" + wanted + "/2", "graph/" + wanted + "/3");
            }
        }
    }

    @Test
    void shouldKeepAnIdleStreamAliveWithHeartbeatComments(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(cluster, Map.of("GATEWAY_HEARTBEAT", "200ms"));
                SseTestClient client =
                        SseTestClient.connect(gateway.uri("/events?engine=" + TestEvents.engine("idle")))) {
            // then: comments arrive though no event does
            Awaitility.await().atMost(WAIT).until(() -> client.comments() >= 3);
            assertThat(client.drainUntilQuiet(QUIET, WAIT)).isEmpty();
        }
    }

    @Test
    void shouldTellClientsToReconnectWhenShuttingDown(KafkaCluster cluster) throws Exception {
        // given: a connected client
        GatewayHarness gateway = GatewayHarness.start(cluster);
        try (SseTestClient client = SseTestClient.connect(gateway.uri("/events?engine=" + TestEvents.engine("bye")))) {
            Awaitility.await().atMost(WAIT).until(() -> !client.retries().isEmpty());

            // when
            gateway.close();

            // then: it is told why, without an id (its last id stays the resume point), and the stream ends
            SseTestClient.Event notice = client.next(WAIT);
            assertThat(notice.event()).isEqualTo("error");
            assertThat(notice.id()).isNull();
            assertThat(Json.mapper().readTree(notice.data()).get("error").asText())
                    .isEqualTo("reconnect");
            Awaitility.await().atMost(WAIT).until(client::ended);
        }
    }

    private static long sequence(SseTestClient.Event event) throws Exception {
        return Json.mapper().readTree(event.data()).get("sequence").asLong();
    }
}
