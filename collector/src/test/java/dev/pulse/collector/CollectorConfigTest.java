package dev.pulse.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollectorConfigTest {

    @Test
    void shouldUseTheDocumentedDefaultsWhenNothingIsSet() {
        CollectorConfig config = CollectorConfig.fromEnv(new Env(Map.of()));

        assertThat(config.port()).isEqualTo(8082);
        assertThat(config.engines()).containsExactly(new EngineTarget("engine-1", URI.create("http://localhost:8081")));
        assertThat(config.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.mode()).isEqualTo(CollectorMode.REAL);
        assertThat(config.resilience()).isEqualTo(ResilienceSettings.DEFAULT);
        assertThat(config.publish()).isEqualTo(PublishSettings.DEFAULT);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void shouldReadSeveralEnginesWithTheirUrls() {
        CollectorConfig config = CollectorConfig.fromEnv(new Env(Map.of(
                "ENGINE_URLS",
                "a=http://h1:8081, b.2=https://h2/base/,c_3=http://h3:1/engines/c_3",
                "COLLECTOR_MODE",
                "simulated")));

        assertThat(config.engines()).extracting(EngineTarget::engineId).containsExactly("a", "b.2", "c_3");
        assertThat(config.engines().get(1).endpoint("/health")).isEqualTo(URI.create("https://h2/base/health"));
        assertThat(config.mode()).isEqualTo(CollectorMode.SIMULATED);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "ENGINE_URLS; engine-1",
                "ENGINE_URLS; engine 1=http://localhost:8081",
                "ENGINE_URLS; engine-1=ftp://localhost",
                "ENGINE_URLS; a=http://h:1,a=http://h:2",
                "COLLECTOR_INTERVAL; 50ms",
                "COLLECTOR_INTERVAL; 2m",
                "COLLECTOR_INTERVAL; fast",
                "COLLECTOR_MODE; mock",
                "COLLECTOR_PORT; -1",
                "COLLECTOR_REQUEST_TIMEOUT; 5s",
                "COLLECTOR_CONNECT_TIMEOUT; 900ms",
                "COLLECTOR_RETRY_ATTEMPTS; 0",
                "COLLECTOR_BREAKER_WINDOW; 1500ms",
                "COLLECTOR_BREAKER_FAILURE_RATE; 101",
                "COLLECTOR_BUFFER_CAPACITY; 1",
                "COLLECTOR_CREATE_TOPICS; maybe",
                "KAFKA_BOOTSTRAP_SERVERS; no-port",
                "COLLECTOR_BUFFER_BYTES; 1000",
                "COLLECTOR_SHARD; 3/2",
                "ENGINES_FILE; /no/such/engines.yaml",
            })
    void shouldFailNamingTheVariableWhenAValueIsBad(String variable, String value) {
        assertThatThrownBy(() -> CollectorConfig.fromEnv(new Env(Map.of(variable, value))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable);
    }

    @Test
    void shouldRefuseEngineUrlsBesideAnEnginesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("engines.yaml");
        Files.writeString(file, "engines: [{id: a, url: 'http://h:1'}]");

        assertThatThrownBy(() -> CollectorConfig.fromEnv(
                        new Env(Map.of("ENGINES_FILE", file.toString(), "ENGINE_URLS", "a=http://h:1"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ENGINE_URLS: expected unset when ENGINES_FILE is set");
    }

    @Test
    void shouldReadTheEnginesFromTheFileAndTheShard(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("engines.yaml");
        Files.writeString(file, "engines: [{id: a, url: 'http://h:1'}, {id: b, url: 'http://h:2'}]");

        CollectorConfig config =
                CollectorConfig.fromEnv(new Env(Map.of("ENGINES_FILE", file.toString(), "COLLECTOR_SHARD", "1/4")));

        assertThat(config.engines()).extracting(EngineTarget::engineId).containsExactly("a", "b");
        assertThat(config.enginesFile().file()).isEqualTo(file);
        assertThat(config.shard()).isEqualTo(new Shard(1, 4));
    }
}
