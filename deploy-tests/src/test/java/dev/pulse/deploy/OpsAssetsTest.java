package dev.pulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alert rules are well formed (promtool, where Debian's prometheus package put it); that every
 * metric they use exists on the running services is ComposeStackIT's check.
 */
class OpsAssetsTest {

    @Test
    void shouldPassPromtoolsCheckOfTheRulesAndTheScrapeConfig() {
        Assumptions.assumeTrue(
                Command.onPath("promtool"), "promtool is not installed (apt-get install prometheus): skipping");

        Command.of(ParentPom.HOME, "promtool", "check", "rules", OpsAssets.RULES.toString())
                .runOrFail(Duration.ofMinutes(1));
        Command.of(ParentPom.HOME, "promtool", "check", "config", OpsAssets.PROMETHEUS_CONFIG.toString())
                .runOrFail(Duration.ofMinutes(1));
    }

    @Test
    void shouldQueryTheServicesOwnMetricsInEveryPanelAndRule() {
        assertThat(OpsAssets.queries())
                .hasSizeGreaterThan(20)
                .allSatisfy(query -> assertThat(query).containsPattern("(pulse|kafka)_[a-z_]+"));
        assertThat(OpsAssets.metricNames())
                .contains(
                        "pulse_collector_circuit_state",
                        "pulse_processor_dlq_records_total",
                        "pulse_gateway_clients",
                        "pulse_gateway_delivery_latency_seconds",
                        "kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void shouldReadTheMetricNamesOfAnExposition() {
        assertThat(OpsAssets.exposed("# HELP x\nup 1\npulse_gateway_clients{service=\"gateway\"} 3.0\n"))
                .containsExactly("pulse_gateway_clients", "up");
    }
}
