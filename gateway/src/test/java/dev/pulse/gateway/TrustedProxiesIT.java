package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Behind a trusted proxy every user arrives from its address: the per-client limit must count the forwarded ones. */
@ExtendWith(KafkaClusterExtension.class)
class TrustedProxiesIT {
    @Test
    void shouldCountClientsBehindATrustedProxyByTheirForwardedAddress(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(
                cluster, Map.of("GATEWAY_TRUSTED_PROXIES", "127.0.0.0/8", "GATEWAY_MAX_CLIENTS_PER_IP", "1"))) {
            // given: one user's stream through the proxy (on loopback)
            try (SseTestClient first =
                            SseTestClient.connect(gateway.uri("/events"), Map.of("X-Forwarded-For", "203.0.113.7"));
                    // when: another user through the same proxy, and the first user again (a client-written entry
                    // to the left of it changes nothing)
                    SseTestClient second = SseTestClient.connect(
                            gateway.uri("/events"), Map.of("X-Forwarded-For", "198.51.100.1, 203.0.113.8"));
                    SseTestClient again = SseTestClient.connect(
                            gateway.uri("/events"), Map.of("X-Forwarded-For", "10.9.9.9, 203.0.113.7"))) {
                // then
                assertThat(first.status()).isEqualTo(200);
                assertThat(second.status()).isEqualTo(200);
                assertThat(again.status()).isEqualTo(429);
                assertThat(again.body()).contains("address 203.0.113.7 already holds the maximum of 1");
            }
        }
    }

    @Test
    void shouldIgnoreForwardedForFromAPeerThatIsNoTrustedProxy(KafkaCluster cluster) {
        try (GatewayHarness gateway = GatewayHarness.start(cluster, Map.of("GATEWAY_MAX_CLIENTS_PER_IP", "1"));
                SseTestClient first =
                        SseTestClient.connect(gateway.uri("/events"), Map.of("X-Forwarded-For", "203.0.113.7"));
                SseTestClient second =
                        SseTestClient.connect(gateway.uri("/events"), Map.of("X-Forwarded-For", "203.0.113.8"))) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.body()).contains("address loopback already holds");
        }
    }
}
