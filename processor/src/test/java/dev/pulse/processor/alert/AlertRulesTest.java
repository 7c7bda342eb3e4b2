package dev.pulse.processor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertRulesTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("engines.yaml"), yaml);
    }

    @Test
    void shouldHaveNoRulesByDefault() {
        assertThat(AlertRules.fromEnv(new Env(Map.of())).isEmpty()).isTrue();
    }

    @Test
    void shouldLayerTheEngineOverItsProfileOverTheFleetAndIgnoreTheCollectorsOtherKeys() throws IOException {
        Path engines = file("""
                profiles:
                  nested:
                    health: {path: /ping}
                    analytics:
                      path: /stats
                      fields: {cpu_usage: /data/cpu}
                    thresholds: ["analytics.cpu_usage>80:warning", "analytics.response_time>500:warning"]
                engines:
                  - {id: a, url: "http://a:1", profile: nested}
                  - id: b
                    url: "http://b:1"
                    profile: nested
                    thresholds: analytics.cpu_usage>95:critical, analytics.response_time:off
                  - {id: c, url: "http://c:1"}
                """);

        AlertRules rules = AlertRules.fromEnv(new Env(Map.of(
                "ALERT_THRESHOLDS",
                "analytics.cpu_usage>90:warning,memory.hit_ratio<0.5:warning",
                "ENGINES_FILE",
                engines.toString())));

        assertThat(rules.forEngine("a").toString())
                .isEqualTo("analytics.cpu_usage>80:warning,memory.hit_ratio<0.5:warning,"
                        + "analytics.response_time>500:warning");
        assertThat(rules.forEngine("b").toString())
                .isEqualTo("analytics.cpu_usage>95:critical,memory.hit_ratio<0.5:warning");
        assertThat(rules.forEngine("c").toString())
                .isEqualTo("analytics.cpu_usage>90:warning,memory.hit_ratio<0.5:warning");
        assertThat(rules.forEngine("not-in-the-file")).isSameAs(rules.fleet());
    }

    @Test
    void shouldRefuseABadFleetEntryNamingTheVariableAndTheEntry() {
        assertThatThrownBy(() -> AlertRules.fromEnv(new Env(
                        Map.of("ALERT_THRESHOLDS", "analytics.cpu_usage>90:warning,analytics.cpu_usage~97:critical"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage("ALERT_THRESHOLDS: expected an operator of [>, >=, <, <=], got "
                        + "'analytics.cpu_usage~97:critical'");
    }

    @Test
    void shouldRefuseABadFileEntryNamingTheFileTheEngineAndTheEntry() throws IOException {
        Path engines = file("""
                engines:
                  - {id: a, url: "http://a:1", thresholds: ["analytics.cpu_load>90:warning"]}
                """);

        assertThatThrownBy(() -> AlertRules.fromEnv(new Env(Map.of("ENGINES_FILE", engines.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("ENGINES_FILE " + engines + " (engine 'a', thresholds): expected a numeric "
                        + "field of analytics: [active_nodes,")
                .hasMessageEndingWith("got 'analytics.cpu_load>90:warning'");
    }

    @Test
    void shouldRefuseABadProfileEntryNamingTheProfile() throws IOException {
        Path engines = file("""
                profiles:
                  p: {thresholds: ["graph.density>2:warning"]}
                engines: []
                """);

        assertThatThrownBy(() -> AlertRules.fromEnv(new Env(Map.of("ENGINES_FILE", engines.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("(profile 'p', thresholds): expected a bound within the range of density");
    }
}
