package dev.pulse.common.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.json.Json;
import dev.pulse.common.model.AlertLevel;
import dev.pulse.common.model.StreamName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdSetTest {

    @Test
    void shouldReadWarningAndCriticalRulesOfAField() throws Exception {
        ThresholdSet set = ThresholdSet.parse(
                "analytics.cpu_usage>90:warning, analytics.cpu_usage >= 97 : critical,memory.hit_ratio<0.5:warning");

        FieldThresholds cpu = set.field("analytics.cpu_usage");
        assertThat(cpu.levelOf(50)).isEqualTo(AlertLevel.OK);
        assertThat(cpu.levelOf(90)).isEqualTo(AlertLevel.OK);
        assertThat(cpu.levelOf(90.5)).isEqualTo(AlertLevel.WARNING);
        assertThat(cpu.levelOf(97)).isEqualTo(AlertLevel.CRITICAL);
        assertThat(set.field("memory.hit_ratio").levelOf(0.4)).isEqualTo(AlertLevel.WARNING);
        assertThat(set.of(StreamName.ANALYTICS)).hasSize(1);
        assertThat(set.toString())
                .isEqualTo(
                        "analytics.cpu_usage>90:warning,analytics.cpu_usage>=97:critical,memory.hit_ratio<0.5:warning");
    }

    @Test
    void shouldLetAHigherLayerReplaceOrSwitchOffAFieldAndKeepTheOthers() throws Exception {
        ThresholdSet fleet = ThresholdSet.parse(
                "analytics.cpu_usage>90:warning,analytics.cpu_usage>97:critical,analytics.response_time>500:warning");
        ThresholdSet engine = ThresholdSet.parse("analytics.cpu_usage>80:warning,analytics.response_time:off");

        ThresholdSet merged = engine.over(fleet);

        FieldThresholds cpu = merged.field("analytics.cpu_usage");
        assertThat(cpu.warning().bound()).isEqualTo(80);
        assertThat(cpu.critical()).isNull();
        assertThat(merged.field("analytics.response_time")).isNull();
        assertThat(fleet.field("analytics.response_time")).isNotNull();
    }

    @Test
    void shouldReadTheEnginesFileFormsAListOrOneString() throws Exception {
        var list = Json.mapper().readTree("[\"graph.density>0.9:critical\"]");
        var text = Json.mapper().readTree("\"graph.density>0.9:critical\"");

        assertThat(ThresholdSet.parse(list).field("graph.density").critical().bound())
                .isEqualTo(0.9);
        assertThat(ThresholdSet.parse(text).toString()).isEqualTo("graph.density>0.9:critical");
        assertThatThrownBy(() -> ThresholdSet.parse(Json.mapper().readTree("{\"a\": 1}")))
                .isInstanceOf(ThresholdException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "cpu_usage>90:warning | a field as <stream>.<field>",
                "disk.cpu_usage>90:warning | a stream of",
                "analytics.cpu>90:warning | a numeric field of analytics",
                "analytics.timestamp>90:warning | a numeric field of analytics",
                "analytics.cpu_usage=90:warning | an operator of",
                "analytics.cpu_usage~90:warning | an operator of",
                "analytics.cpu_usage>ninety:warning | a decimal number",
                "analytics.cpu_usage>NaN:warning | a decimal number",
                "analytics.cpu_usage>150:warning | within the range of cpu_usage (0 to 100)",
                "analytics.cache_hit_rate<50:warning | within the range of cache_hit_rate (0 to 1)",
                "analytics.cpu_usage>90:ok | a level of",
                "analytics.cpu_usage>90:severe | a level of",
                "analytics.cpu_usage>90 | <stream>.<field><op><bound>:<level>",
                "analytics.cpu_usage:on | 'off'",
            })
    void shouldRefuseABadEntrySayingWhatWasExpected(String entry, String expected) {
        assertThatThrownBy(() -> ThresholdSet.parse(entry)).isInstanceOfSatisfying(ThresholdException.class, e -> {
            assertThat(e.entry()).isEqualTo(entry);
            assertThat(e.expected()).contains(expected);
        });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "analytics.cpu_usage>90:warning,analytics.cpu_usage>95:warning | one warning rule",
                "analytics.cpu_usage>90:warning,analytics.cpu_usage<10:critical | the same direction",
                "analytics.cpu_usage>90:warning,analytics.cpu_usage>80:critical | at least as far out",
                "analytics.cache_hit_rate<0.5:warning,analytics.cache_hit_rate<0.6:critical | at least as far out",
                "analytics.cpu_usage:off,analytics.cpu_usage>90:warning | beside its 'off'",
            })
    void shouldRefuseRulesOfOneFieldThatContradictEachOther(String entries, String expected) {
        assertThatThrownBy(() -> ThresholdSet.parse(entries))
                .isInstanceOfSatisfying(
                        ThresholdException.class, e -> assertThat(e.expected()).contains(expected));
    }
}
