package dev.pulse.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvTest {

    @Test
    void shouldUseTheDefaultWhenAVariableIsUnsetOrBlank() {
        Env env = new Env(Map.of("BLANK", "  "));

        assertThat(env.integer("UNSET", 3, 1, 10)).isEqualTo(3);
        assertThat(env.duration("BLANK", Duration.ofSeconds(5), Duration.ZERO, Duration.ofHours(1)))
                .hasSeconds(5);
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "5s, 5000", "2m, 120000", "1h, 3600000", "PT1.5S, 1500"})
    void shouldReadDurationsInShortAndIsoForm(String text, long millis) {
        Env env = new Env(Map.of("COLLECTOR_INTERVAL", text));

        assertThat(env.duration("COLLECTOR_INTERVAL", Duration.ZERO, Duration.ZERO, Duration.ofDays(1)))
                .hasMillis(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "-5s", "5 s", "0s", "2h"})
    void shouldRejectABadDurationNamingTheVariableAndTheExpectedForm(String text) {
        Env env = new Env(Map.of("COLLECTOR_INTERVAL", text));

        assertThatThrownBy(() -> env.duration(
                        "COLLECTOR_INTERVAL", Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("COLLECTOR_INTERVAL: expected a duration from PT0.1S to PT1M such as 5s")
                .hasMessageEndingWith("got '" + text + "'");
    }

    @Test
    void shouldRejectANumberOutOfRange() {
        Env env = new Env(Map.of("TOPIC_PARTITIONS", "0", "PORT", "http"));

        assertThatThrownBy(() -> env.integer("TOPIC_PARTITIONS", 3, 1, 1000))
                .hasMessage("TOPIC_PARTITIONS: expected a whole number from 1 to 1000, got '0'");
        assertThatThrownBy(() -> env.integer("PORT", 8080, 0, 65535))
                .hasMessageContaining("PORT: expected a whole number");
    }

    @Test
    void shouldReadBooleansAndRejectOthers() {
        Env env = new Env(Map.of("A", "yes", "B", "off", "C", "maybe"));

        assertThat(env.bool("A", false)).isTrue();
        assertThat(env.bool("B", true)).isFalse();
        assertThatThrownBy(() -> env.bool("C", true)).hasMessage("C: expected true or false, got 'maybe'");
    }

    @Test
    void shouldReadHttpUrlsAndRejectOthers() {
        Env env = new Env(Map.of("GOOD", "http://localhost:8081", "BAD", "localhost:8081"));

        assertThat(env.httpUri("GOOD", "http://x").getPort()).isEqualTo(8081);
        assertThatThrownBy(() -> env.httpUri("BAD", "http://x")).hasMessageStartingWith("BAD: expected an http(s) URL");
    }

    @Test
    void shouldSplitListsAndDropBlanks() {
        assertThat(new Env(Map.of("L", " a, ,b ,")).list("L", "")).containsExactly("a", "b");
    }

    @Test
    void shouldCreateAMissingDirectoryAndRejectAFileInsteadOfADirectory(@TempDir Path temp) throws Exception {
        Path file = Files.createFile(temp.resolve("a-file"));
        Env env = new Env(Map.of("NEW_DIR", temp.resolve("new/state").toString(), "FILE_DIR", file.toString()));

        assertThat(env.writableDirectory("NEW_DIR", temp)).isDirectory();
        assertThatThrownBy(() -> env.writableDirectory("FILE_DIR", temp))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("FILE_DIR: expected a directory that exists or can be created");
    }
}
