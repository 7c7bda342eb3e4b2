package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.gateway.sse.HeapCapacity;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class AccessIT {
    private static final String EVENTS = "/events?engine=access-test";

    @Test
    void shouldRefuseStreamsBeyondThePerAddressLimitUntilOneCloses(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(
                        cluster, Map.of("GATEWAY_MAX_CLIENTS_PER_IP", "2", "GATEWAY_HEARTBEAT", "200ms"));
                SseTestClient first = SseTestClient.connect(gateway.uri(EVENTS))) {
            SseTestClient second = SseTestClient.connect(gateway.uri(EVENTS));

            // when: a third stream from the same address
            SseTestClient third = SseTestClient.connect(gateway.uri(EVENTS));

            // then: 429 with a JSON reason
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertTooManyRequests(third, "maximum of 2");

            // and once a client leaves (noticed at the next heartbeat) there is room again
            second.close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                SseTestClient again = SseTestClient.connect(gateway.uri(EVENTS));
                again.close();
                return again.status() == 200;
            });
        }
    }

    @Test
    void shouldRefuseStreamsBeyondWhatTheHeapHoldsThoughTheClientLimitIsHigher(KafkaCluster cluster) throws Exception {
        // given: a heap budget per client that lets this JVM's heap hold exactly two streams
        long perClientKb = HeapCapacity.ofThisJvm(1024).usableBytes() / 1024 / 2;
        Map<String, String> settings =
                Map.of("GATEWAY_HEAP_PER_CLIENT_KB", Long.toString(perClientKb), "GATEWAY_HEARTBEAT", "200ms");
        try (GatewayHarness gateway = GatewayHarness.start(cluster, settings);
                SseTestClient first = SseTestClient.connect(gateway.uri(EVENTS));
                SseTestClient second = SseTestClient.connect(gateway.uri(EVENTS))) {
            assertThat(SlowClientIT.metric(gateway, "pulse_gateway_connections_max"))
                    .isEqualTo(2);

            // when: a third stream
            SseTestClient third = SseTestClient.connect(gateway.uri(EVENTS));

            // then: 429 with a JSON reason, counted apart from the configured limit
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertTooManyRequests(third, "memory holds 2 streams");
            assertThat(SseTestClient.get(gateway.uri("/metrics"), Map.of()).body())
                    .containsPattern("pulse_gateway_connections_rejected_total\\{reason=\"limit_heap\".*} 1.0");
        }
    }

    @Test
    void shouldRequireTheBearerTokenWhenOneIsConfigured(KafkaCluster cluster) throws Exception {
        try (GatewayHarness gateway = GatewayHarness.start(cluster, Map.of("GATEWAY_AUTH_TOKEN", "s3cret"))) {
            // no token, wrong token: 401 JSON, on the stream and the snapshot
            for (String path : new String[] {EVENTS, "/api/v1/snapshot"}) {
                HttpResponse<String> none = SseTestClient.get(gateway.uri(path), Map.of());
                assertThat(none.statusCode()).isEqualTo(401);
                assertThat(Json.mapper().readTree(none.body()).get("error").asText())
                        .isEqualTo("unauthorized");
                assertThat(SseTestClient.get(gateway.uri(path), Map.of("Authorization", "Bearer nope"))
                                .statusCode())
                        .isEqualTo(401);
            }
            // the header or the query parameter (EventSource cannot set headers) lets the client in
            try (SseTestClient header =
                            SseTestClient.connect(gateway.uri(EVENTS), Map.of("Authorization", "Bearer s3cret"));
                    SseTestClient query = SseTestClient.connect(gateway.uri(EVENTS + "&access_token=s3cret"))) {
                assertThat(header.status()).isEqualTo(200);
                assertThat(query.status()).isEqualTo(200);
            }
            // health stays open for probes
            assertThat(SseTestClient.get(gateway.uri("/health"), Map.of()).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldLetEveryoneInWhenNoTokenIsConfigured(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                SseTestClient client = SseTestClient.connect(gateway.uri(EVENTS))) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(SseTestClient.get(gateway.uri("/api/v1/snapshot"), Map.of())
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldServeOnlyTheSameOriginAndTheAllowlistToBrowsers(KafkaCluster cluster) {
        try (GatewayHarness gateway =
                GatewayHarness.start(cluster, Map.of("GATEWAY_CORS_ORIGINS", "https://dash.example.com"))) {
            String snapshot = "/api/v1/snapshot";
            // a foreign origin is refused
            HttpResponse<String> foreign =
                    SseTestClient.get(gateway.uri(snapshot), Map.of("Origin", "https://evil.example.com"));
            assertThat(foreign.statusCode()).isEqualTo(403);
            // the allowlisted origin is served with CORS headers
            HttpResponse<String> allowed =
                    SseTestClient.get(gateway.uri(snapshot), Map.of("Origin", "https://dash.example.com"));
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue("https://dash.example.com");
            // the page's own origin needs no CORS
            String own = "http://127.0.0.1:" + gateway.service().port();
            assertThat(SseTestClient.get(gateway.uri(snapshot), Map.of("Origin", own))
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void shouldServeTheDashboardPageAtTheRoot(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(cluster)) {
            HttpResponse<String> page = SseTestClient.get(gateway.uri("/"), Map.of());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<html");
        }
    }

    /** A refused stream: 429 with the JSON error {@code too_many_requests} and a message naming the limit. */
    private static void assertTooManyRequests(SseTestClient refused, String limit) throws Exception {
        assertThat(refused.status()).isEqualTo(429);
        JsonNode error = Json.mapper().readTree(refused.body());
        assertThat(error.get("error").asText()).isEqualTo("too_many_requests");
        assertThat(error.get("message").asText()).contains(limit);
    }
}
