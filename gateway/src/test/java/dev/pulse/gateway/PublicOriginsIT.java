package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A DNS-rebinding page reaches the gateway under its own host name, as same-origin: with no token configured, only the
 * Host check keeps it from reading the streams.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublicOriginsIT {
    private GatewayHarness gateway;

    @BeforeAll
    void start(KafkaCluster cluster) {
        gateway = GatewayHarness.start(cluster, Map.of("GATEWAY_PUBLIC_ORIGINS", "https://pulse.example.com"));
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/snapshot", "/events", "/"})
    void shouldRefuseARequestUnderAHostNameItDoesNotAnswerTo(String path) throws IOException {
        String answer = get(path, "rebind.example:" + port(), "http://rebind.example:" + port());

        assertThat(answer).startsWith("HTTP/1.1 421");
        assertThat(answer).contains("\"status\":421").contains("does not answer to host 'rebind.example");
    }

    @Test
    void shouldAnswerToLoopbackAndItsPublicOrigin() throws IOException {
        assertThat(get("/api/v1/snapshot", "localhost:" + port(), null)).startsWith("HTTP/1.1 200");
        assertThat(get("/api/v1/snapshot", "pulse.example.com", "https://pulse.example.com"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void shouldKeepHealthOpenToProbesThatUseAnAddress() throws IOException {
        assertThat(get("/health", "10.1.2.3:8080", null)).startsWith("HTTP/1.1 200");
    }

    private int port() {
        return gateway.uri("/").getPort();
    }

    private String get(String path, String host, String origin) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 2_000);
            socket.setSoTimeout(5_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
