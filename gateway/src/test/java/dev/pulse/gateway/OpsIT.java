package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.StreamName;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class OpsIT {
    @Test
    void shouldReportHealthReadinessAndStreamMetrics(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(cluster);
                TestEvents kafka = new TestEvents(cluster)) {
            // given: a client of the memory stream that received an event
            String engine = TestEvents.engine("ops");
            try (SseTestClient client = SseTestClient.connect(gateway.uri("/events?streams=memory&engine=" + engine))) {
                kafka.send(StreamName.MEMORY, engine, 1);
                client.next(Duration.ofSeconds(15));

                // then
                assertThat(SseTestClient.get(gateway.uri("/health"), Map.of()).statusCode())
                        .isEqualTo(200);
                assertThat(SseTestClient.get(gateway.uri("/ready"), Map.of()).statusCode())
                        .isEqualTo(200);
                Awaitility.await().untilAsserted(() -> {
                    assertThat(SlowClientIT.metric(
                                    gateway, "pulse_gateway_clients{service=\"gateway\",stream=\"memory\"}"))
                            .isEqualTo(1);
                    assertThat(SlowClientIT.metric(gateway, "pulse_gateway_events_sent_total"))
                            .isGreaterThanOrEqualTo(1);
                    assertThat(SlowClientIT.metric(gateway, "pulse_gateway_sent_bytes_total"))
                            .isPositive();
                });
                String metrics =
                        SseTestClient.get(gateway.uri("/metrics"), Map.of()).body();
                assertThat(metrics)
                        .contains("pulse_gateway_clients{service=\"gateway\",stream=\"analytics\"} 0")
                        .contains("pulse_gateway_consumer_lag{")
                        .contains("pulse_gateway_clients_dropped_slow_total")
                        .contains("pulse_gateway_cached_events");
            }
        }
    }
}
