package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.net.http.HttpHeaders;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityHeadersIT {
    private GatewayHarness gateway;

    @BeforeAll
    void start(KafkaCluster cluster) {
        gateway = GatewayHarness.start(cluster);
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/",
                "/js/main.js",
                "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
                "/api/v1/snapshot",
                "/api/v1/snapshot?streams=cpu",
                "/no-such-page"
            })
    void shouldSendTheSecurityHeadersOnThePageTheApiAndErrors(String path) {
        HttpHeaders headers = SseTestClient.get(gateway.uri(path), Map.of()).headers();

        assertSecurityHeaders(headers);
    }

    @Test
    void shouldSendThemOnAStreamToo() {
        try (SseTestClient client = SseTestClient.connect(gateway.uri("/events"))) {
            assertThat(client.status()).isEqualTo(200);
            assertSecurityHeaders(client.headers());
        }
    }

    private static void assertSecurityHeaders(HttpHeaders headers) {
        assertThat(headers.firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .contains("script-src 'self'")
                        .contains("frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline"));
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
}
