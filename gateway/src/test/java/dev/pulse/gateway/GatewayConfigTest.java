package dev.pulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
    @Test
    void shouldUseTheDocumentedDefaults() {
        GatewayConfig config = GatewayConfig.fromEnv(new Env(Map.of()));
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.authToken()).isEmpty();
        assertThat(config.corsOrigins()).isEmpty();
        assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.retry()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.maxClients()).isEqualTo(10_000);
        assertThat(config.maxClientsPerIp()).isEqualTo(100);
        assertThat(config.clientBuffer()).isEqualTo(1000);
        assertThat(config.heapPerClientKb()).isEqualTo(12);
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
