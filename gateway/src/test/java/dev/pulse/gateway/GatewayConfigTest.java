package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.gateway.sse.HeapCapacity;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayConfigTest {
    private static final long MB = 1L << 20;
    /** A heap that holds more than the default client limit. */
    private static final LongFunction<HeapCapacity> ROOMY_HEAP = perClient -> new HeapCapacity(1L << 30, perClient);
    /** The old generation of the deployed -Xmx96m with the serial collector. */
    private static final LongFunction<HeapCapacity> DEPLOYED_HEAP = perClient -> new HeapCapacity(64 * MB, perClient);

    @Test
    void shouldDefaultTheClientLimitToWhatTheHeapHolds() {
        GatewayConfig config = GatewayConfig.fromEnv(new Env(Map.of()), DEPLOYED_HEAP);

        assertThat(config.maxClients())
                .isEqualTo(new HeapCapacity(64 * MB, 12 * 1024).clients())
                .isLessThan(GatewayConfig.DEFAULT_MAX_CLIENTS);
    }

    @Test
    void shouldRefuseAClientLimitThatTheHeapCannotHold() {
        int holds = new HeapCapacity(64 * MB, 12 * 1024).clients();

        assertThatThrownBy(() -> GatewayConfig.fromEnv(
                        new Env(Map.of("GATEWAY_MAX_CLIENTS", Integer.toString(holds + 1))), DEPLOYED_HEAP))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GATEWAY_MAX_CLIENTS: expected at most the " + holds + " streams");
        assertThat(GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_MAX_CLIENTS", Integer.toString(holds))), DEPLOYED_HEAP)
                        .maxClients())
                .isEqualTo(holds);
    }

    @Test
    void shouldRefuseAConnectionLimitBeyondWhatTheHeapHolds() {
        int holds = new HeapCapacity(64 * MB, 12 * 1024).clients();
        String tooMany = Integer.toString(holds + 257);

        assertThatThrownBy(
                        () -> GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_MAX_CONNECTIONS", tooMany)), DEPLOYED_HEAP))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GATEWAY_MAX_CONNECTIONS: expected at most " + (holds + 256));
    }

    @Test
    void shouldKeepThePerAddressDefaultWithinAHeapThatHoldsFewStreams() {
        // given: a budget per client that lets the heap hold 50 streams
        long kb = new HeapCapacity(64 * MB, 1024).usableBytes() / 1024 / 50;

        GatewayConfig config =
                GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_HEAP_PER_CLIENT_KB", Long.toString(kb))), DEPLOYED_HEAP);

        assertThat(config.maxClients()).isEqualTo(50);
        assertThat(config.maxClientsPerIp()).isEqualTo(50);
    }

    @Test
    void shouldRefuseAWriteTimeoutThatTheIdleTimeoutWouldCutFirst() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_WRITE_TIMEOUT", "30s"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GATEWAY_WRITE_TIMEOUT");
        assertThatThrownBy(() -> GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_SEND_BUFFER", "1024"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GATEWAY_SEND_BUFFER");
    }

    @Test
    void shouldUseTheDocumentedDefaults() {
        GatewayConfig config = GatewayConfig.fromEnv(new Env(Map.of()), ROOMY_HEAP);
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.authToken()).isEmpty();
        assertThat(config.corsOrigins()).isEmpty();
        assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.retry()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.maxClients()).isEqualTo(10_000);
        assertThat(config.maxClientsPerIp()).isEqualTo(100);
        assertThat(config.clientBuffer()).isEqualTo(1000);
        assertThat(config.heapPerClientKb()).isEqualTo(12);
        assertThat(config.maxCatchUpsPerIp()).isEqualTo(4);
        assertThat(config.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.sendBufferBytes()).isEqualTo(32 * 1024);
        assertThat(config.maxConnections()).isZero();
        assertThat(config.jwt()).isEmpty();
        assertThat(config.tls()).isEmpty();
        assertThat(config.publicOrigins().answersTo("localhost:8080")).isTrue();
        assertThat(config.partitionCheckInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldReadThePartitionCheckIntervalAndRefuseOneOutOfRange() {
        assertThat(GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_PARTITION_CHECK_INTERVAL", "500ms")))
                        .partitionCheckInterval())
                .isEqualTo(Duration.ofMillis(500));
        for (String bad : new String[] {"never", "10ms", "2h"}) {
            assertThatThrownBy(() -> GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_PARTITION_CHECK_INTERVAL", bad))))
                    .as(bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("GATEWAY_PARTITION_CHECK_INTERVAL");
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "GATEWAY_JWT_SECRET, too-short",
        "GATEWAY_JWT_SECRET_FILE, /no/such/file",
        "GATEWAY_JWT_JWKS, /no/such/jwks.json",
        "GATEWAY_TRUSTED_PROXIES, proxy.internal",
        "GATEWAY_PUBLIC_ORIGINS, pulse.example.com",
        "GATEWAY_TLS_KEYSTORE, /no/such/keystore.p12",
        "GATEWAY_TLS_CERT, /no/such/cert.pem"
    })
    void shouldStopAtStartNamingABadSecuritySetting(String variable, String value) {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(new Env(Map.of(variable, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable.equals("GATEWAY_TLS_CERT") ? "GATEWAY_TLS_KEY" : variable);
    }

    @Test
    void shouldRefuseAHeartbeatThatTheIdleTimeoutWouldCutOff() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_HEARTBEAT", "40s"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_HEARTBEAT");
    }

    @Test
    void shouldRefuseAHeartbeatThatCouldArriveAfterTheIdleTimeout() {
        // 29.5 s + up to 1 s of timer tick would reach the 30 s idle timeout
        assertThatThrownBy(() -> GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_HEARTBEAT", "29500ms"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_HEARTBEAT");
        assertThat(GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_HEARTBEAT", "28s")))
                        .heartbeat())
                .isEqualTo(Duration.ofSeconds(28));
    }

    @Test
    void shouldNameTheVariableOfABadOrigin() {
        assertThatThrownBy(() -> GatewayConfig.fromEnv(new Env(Map.of("GATEWAY_CORS_ORIGINS", "dash.example.com"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("GATEWAY_CORS_ORIGINS");
    }
}
