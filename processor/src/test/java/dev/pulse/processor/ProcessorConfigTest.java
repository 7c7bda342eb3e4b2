package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

    @Test
    void shouldDefaultToTheDevStack() {
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.of()));

        assertThat(config.port()).isEqualTo(8083);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.applicationId()).isEqualTo("pulse-processor");
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.guarantee()).isEqualTo(Guarantee.EXACTLY_ONCE_V2);
        assertThat(config.standbyReplicas()).isZero();
        assertThat(config.topics()).isEqualTo(TopicNames.DEFAULT);
        assertThat(config.timing())
                .isEqualTo(new StreamTiming(
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(250)));
    }

    @Test
    void shouldReadEverySetting() {
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.ofEntries(
                Map.entry("PROCESSOR_PORT", "0"),
                Map.entry("PROCESSOR_APPLICATION_ID", "p2"),
                Map.entry("PROCESSOR_STATE_DIR", "/var/lib/pulse"),
                Map.entry("PROCESSOR_COMMIT_INTERVAL", "100ms"),
                Map.entry("PROCESSOR_GUARANTEE", "at_least_once"),
                Map.entry("PROCESSOR_STANDBY_REPLICAS", "1"),
                Map.entry("WINDOW_SIZE", "PT30S"),
                Map.entry("WINDOW_GRACE", "0s"),
                Map.entry("STALE_AFTER", "15s"),
                Map.entry("FALLBACK_INTERVAL", "5s"),
                Map.entry("PUNCTUATE_INTERVAL", "1s"))));

        assertThat(config.port()).isZero();
        assertThat(config.applicationId()).isEqualTo("p2");
        assertThat(config.stateDir()).hasToString("/var/lib/pulse");
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.guarantee()).isEqualTo(Guarantee.AT_LEAST_ONCE);
        assertThat(config.standbyReplicas()).isEqualTo(1);
        assertThat(config.timing())
                .isEqualTo(new StreamTiming(
                        Duration.ofSeconds(30),
                        Duration.ZERO,
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(1)));
    }

    @Test
    void shouldNameTheVariableOfABadValue() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_GUARANTEE", "maybe_once"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PROCESSOR_GUARANTEE");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("WINDOW_SIZE", "soon"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("WINDOW_SIZE");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_APPLICATION_ID", "a b"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PROCESSOR_APPLICATION_ID");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("PUNCTUATE_INTERVAL", "5s"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PUNCTUATE_INTERVAL");
    }
}
