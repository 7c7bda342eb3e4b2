package dev.pulse.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    @Test
    void shouldPassKafkaPrefixedVariablesThroughAsClientProperties() {
        Env env = new Env(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", "b1:9093,b2:9093",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "GATEWAY_PORT", "8080"));

        KafkaSettings settings = KafkaSettings.fromEnv(env);

        assertThat(settings.bootstrapServers()).isEqualTo("b1:9093,b2:9093");
        assertThat(settings.toProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "b1:9093,b2:9093")
                .hasSize(3);
    }

    @Test
    void shouldDefaultToLocalhost() {
        assertThat(KafkaSettings.fromEnv(new Env(Map.of())).bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void shouldRejectBootstrapServersWithoutPorts() {
        Env env = new Env(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka"));

        assertThatThrownBy(() -> KafkaSettings.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessage("KAFKA_BOOTSTRAP_SERVERS: expected a comma-separated list of host:port, got 'kafka'");
    }

    @Test
    void shouldRejectAPassedThroughClientSettingTheKafkaClientsWouldRefuse() {
        Env env = new Env(Map.of("KAFKA_SECURITY_PROTOCOL", "PLAINTEXTT"));

        assertThatThrownBy(() -> KafkaSettings.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("KAFKA_SECURITY_PROTOCOL: expected a valid security.protocol")
                .hasMessageEndingWith("got 'PLAINTEXTT'");
    }

    @Test
    void shouldRejectAPassedThroughNumberThatIsNotOne() {
        Env env = new Env(Map.of("KAFKA_SESSION_TIMEOUT_MS", "soon"));

        assertThatThrownBy(() -> KafkaSettings.fromEnv(env))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("KAFKA_SESSION_TIMEOUT_MS: expected a valid session.timeout.ms");
    }

    @Test
    void shouldNameTheVariableOfAProperty() {
        assertThat(KafkaSettings.variableOf("commit.interval.ms")).isEqualTo("KAFKA_COMMIT_INTERVAL_MS");
    }

    @Test
    void shouldPassSettingsNoClientDefinesThroughUnchecked() {
        Env env = new Env(Map.of("KAFKA_NUM_STANDBY_REPLICAS", "1"));

        assertThat(KafkaSettings.fromEnv(env).toProperties()).containsEntry("num.standby.replicas", "1");
    }
}
