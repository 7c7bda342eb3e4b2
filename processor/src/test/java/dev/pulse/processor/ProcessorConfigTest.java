package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.processor.metrics.PipelineMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessorConfigTest {

    @Test
    void shouldDefaultToTheDevStack() {
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.of()));

        assertThat(config.port()).isEqualTo(8083);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.applicationId()).isEqualTo("pulse-processor");
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.guarantee()).isEqualTo(Guarantee.EXACTLY_ONCE_V2);
        assertThat(config.standbyReplicas()).isZero();
        assertThat(config.topics()).isEqualTo(PipelineTopics.PUBLIC);
        assertThat(config.timing())
                .isEqualTo(new StreamTiming(
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30),
                        Duration.ofHours(24),
                        Duration.ofMillis(250)));
        assertThat(config.maxEngines()).isEqualTo(5_000);
    }

    @Test
    void shouldReadEverySetting() {
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.ofEntries(
                Map.entry("PROCESSOR_PORT", "0"),
                Map.entry("PROCESSOR_APPLICATION_ID", "p2"),
                Map.entry("PROCESSOR_STATE_DIR", "/var/lib/pulse"),
                Map.entry("PROCESSOR_COMMIT_INTERVAL", "100ms"),
                Map.entry("PROCESSOR_POLL_INTERVAL", "7ms"),
                Map.entry("PROCESSOR_GUARANTEE", "at_least_once"),
                Map.entry("PROCESSOR_STANDBY_REPLICAS", "1"),
                Map.entry("WINDOW_SIZE", "PT30S"),
                Map.entry("WINDOW_GRACE", "0s"),
                Map.entry("STALE_AFTER", "15s"),
                Map.entry("FALLBACK_INTERVAL", "5s"),
                Map.entry("FALLBACK_REPEAT_MAX", "1m"),
                Map.entry("ENGINE_RETIRE_AFTER", "0"),
                Map.entry("PROCESSOR_MAX_ENGINES", "500"),
                Map.entry("PUNCTUATE_INTERVAL", "1s"))));

        assertThat(config.port()).isZero();
        assertThat(config.applicationId()).isEqualTo("p2");
        assertThat(config.stateDir()).hasToString("/var/lib/pulse");
        assertThat(config.commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(7));
        assertThat(config.guarantee()).isEqualTo(Guarantee.AT_LEAST_ONCE);
        assertThat(config.standbyReplicas()).isEqualTo(1);
        assertThat(config.timing())
                .isEqualTo(new StreamTiming(
                        Duration.ofSeconds(30),
                        Duration.ZERO,
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(1),
                        Duration.ZERO,
                        Duration.ofSeconds(1)));
        assertThat(config.maxEngines()).isEqualTo(500);
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

    @Test
    void shouldRefuseARepeatMaxBelowTheFirstIntervalAndARetirementBeforeStaleness() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("FALLBACK_REPEAT_MAX", "500ms"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("FALLBACK_REPEAT_MAX");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("ENGINE_RETIRE_AFTER", "5s"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ENGINE_RETIRE_AFTER");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("ENGINE_RETIRE_AFTER", "forever"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ENGINE_RETIRE_AFTER");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_MAX_ENGINES", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PROCESSOR_MAX_ENGINES");
    }

    @Test
    void shouldHandThePollIntervalToKafkaStreams() {
        ProcessorConfig config = ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_POLL_INTERVAL", "3ms")));

        Properties properties = StreamsProperties.of(config, new PipelineMetrics(new SimpleMeterRegistry()));

        assertThat(properties.get(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(3L);
    }

    @Test
    void shouldRefuseAPollIntervalOutOfRangeAndKafkaPollMsBesideIt() {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("PROCESSOR_POLL_INTERVAL", "0ms"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("PROCESSOR_POLL_INTERVAL");
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of("KAFKA_POLL_MS", "5"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("KAFKA_POLL_MS")
                .hasMessageContaining("PROCESSOR_POLL_INTERVAL");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "KAFKA_COMMIT_INTERVAL_MS; 1000; PROCESSOR_COMMIT_INTERVAL",
                "KAFKA_PROCESSING_GUARANTEE; at_least_once; PROCESSOR_GUARANTEE",
                "KAFKA_NUM_STANDBY_REPLICAS; 1; PROCESSOR_STANDBY_REPLICAS",
                "KAFKA_STATE_DIR; /tmp; PROCESSOR_STATE_DIR",
                "KAFKA_APPLICATION_ID; other; PROCESSOR_APPLICATION_ID",
                "KAFKA_REPLICATION_FACTOR; 3; TOPIC_REPLICATION_FACTOR",
                "KAFKA_AUTO_OFFSET_RESET; latest; always earliest"
            })
    void shouldRefuseAKafkaVariableForASettingTheProcessorSetsItself(String variable, String value, String home) {
        assertThatThrownBy(() -> ProcessorConfig.fromEnv(new Env(Map.of(variable, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(variable)
                .hasMessageContaining(home);
    }
}
