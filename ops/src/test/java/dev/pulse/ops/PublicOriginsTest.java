package dev.pulse.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicOriginsTest {
    private final PublicOrigins origins =
            new PublicOrigins("GATEWAY_PUBLIC_ORIGINS", List.of("https://pulse.example.com", "http://10.0.0.5:8080"));

    @Test
    void shouldAnswerToLoopbackNamesOnAnyPort() {
        assertThat(origins.answersTo("localhost:8080")).isTrue();
        assertThat(origins.answersTo("127.0.0.1:8090")).isTrue();
        assertThat(origins.answersTo("[::1]:8080")).isTrue();
        assertThat(origins.answersTo("LOCALHOST")).isTrue();
    }

    @Test
    void shouldAnswerToThePublicOriginsWithTheirPorts() {
        assertThat(origins.answersTo("pulse.example.com")).isTrue();
        assertThat(origins.answersTo("pulse.example.com:443")).isTrue();
        assertThat(origins.answersTo("10.0.0.5:8080")).isTrue();
        assertThat(origins.answersTo("10.0.0.5:8081")).isFalse();
        assertThat(origins.answersTo("pulse.example.com:8443")).isFalse();
    }

    @Test
    void shouldRefuseAnyOtherNameAsARebindingPageWouldSendIt() {
        assertThat(origins.answersTo("evil.example:8080")).isFalse();
        assertThat(origins.answersTo("localhost.evil.example:8080")).isFalse();
        assertThat(origins.answersTo("localhost:notaport")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "pulse.example.com/path", // no scheme, a path
                "http://under_score.example", // not a host name a URI accepts
                "http://[::1", // an unclosed IPv6 literal
            })
    void shouldRefuseAValueThatIsNoOriginNamingTheVariable(String value) {
        assertThatThrownBy(() -> new PublicOrigins("GATEWAY_PUBLIC_ORIGINS", List.of(value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("GATEWAY_PUBLIC_ORIGINS: expected");
    }
}
