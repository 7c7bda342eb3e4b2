package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class SlowClientIT {
    private static final int EVENTS = 500;
    private static final int BURST = 25;

    @Test
    void shouldDropAClientThatStopsReadingWhileAFastOneKeepsReceiving(KafkaCluster cluster) throws Exception {
        Map<String, String> settings =
                Map.of("GATEWAY_CLIENT_BUFFER", "50", "GATEWAY_HEARTBEAT", "1s", "GATEWAY_IDLE_TIMEOUT", "3s");
        try (GatewayHarness gateway = GatewayHarness.start(cluster, settings);
                TestEvents kafka = new TestEvents(cluster);
                Socket slow = new Socket()) {
            // given: a client that connects and never reads, and one that reads
            String engine = TestEvents.engine("slow");
            slow.setReceiveBufferSize(4096);
            slow.connect(new java.net.InetSocketAddress(
                    "127.0.0.1", gateway.service().port()));
            OutputStream request = slow.getOutputStream();
            request.write(("GET /events?streams=graph&engine=" + engine + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            try (SseTestClient fast = SseTestClient.connect(gateway.uri("/events?streams=graph&engine=" + engine))) {
                Awaitility.await().until(() -> metric(gateway, "pulse_gateway_connections") == 2);

                // when: far more data than socket buffers and the 50-event queue hold, at the fast client's pace
                List<String> received = new ArrayList<>();
                for (int i = 1; i <= EVENTS; i += BURST) {
                    for (int j = i; j < i + BURST; j++) {
                        kafka.sendAsync(StreamName.GRAPH, engine, j, bigEvent(engine, j));
                    }
                    kafka.flush();
                    fast.take(BURST, Duration.ofSeconds(20)).forEach(e -> received.add(ResumeIT.key(e)));
                }

                // then: the fast client got every event, in order
                assertThat(received)
                        .hasSize(EVENTS)
                        .doesNotHaveDuplicates()
                        .last()
                        .isEqualTo("graph/" + engine + "/" + EVENTS);
                // and the slow one was dropped, its slot freed
                Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(metric(gateway, "pulse_gateway_clients_dropped_slow_total"))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(metric(gateway, "pulse_gateway_connections")).isEqualTo(1);
                });
            }
        }
    }

    /** About 20 KB of JSON: a long reason string. */
    private static byte[] bigEvent(String engine, long sequence) {
        Instant now = Instant.now();
        StreamEvent<StreamValues> event = new StreamEvent<>(
                engine,
                StreamName.GRAPH,
                EventStatus.STALE,
                sequence,
                now,
                now,
                0,
                "x".repeat(20_000),
                new GraphValues(1, 1, 0.1, 1, 1, 1, now),
                null,
                null);
        return JsonSerde.<StreamValues>streamEvent(StreamName.GRAPH).serialize(StreamName.GRAPH.topic(), event);
    }

    static double metric(GatewayHarness gateway, String name) {
        return SseTestClient.get(gateway.uri("/metrics"), Map.of())
                .body()
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
