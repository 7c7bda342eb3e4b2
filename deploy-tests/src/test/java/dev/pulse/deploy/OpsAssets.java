package dev.pulse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The operations assets in ops/: the Grafana dashboard and the Prometheus alert rules, and the queries they hold. */
final class OpsAssets {
    static final Path DASHBOARD = ParentPom.HOME.resolve("ops/grafana/pulse-dashboard.json");
    static final Path RULES = ParentPom.HOME.resolve("ops/prometheus/alerts.yml");
    static final Path PROMETHEUS_CONFIG = ParentPom.HOME.resolve("ops/prometheus/prometheus.yml");
    /** The project's metric names: its own ({@code pulse_}) and the Kafka client metrics the services export. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:pulse|kafka)_[a-z0-9_]+\\b");

    private OpsAssets() {}

    /** Every PromQL expression of the dashboard's panels and of the alert rules. */
    static List<String> queries() {
        List<String> queries = new ArrayList<>();
        try {
            new ObjectMapper()
                    .readTree(DASHBOARD.toFile())
                    .path("panels")
                    .forEach(panel -> panel.path("targets")
                            .forEach(t -> queries.add(t.path("expr").asText())));
            JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
            rules.path("groups")
                    .forEach(group -> group.path("rules")
                            .forEach(rule -> queries.add(rule.path("expr").asText())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queries;
    }

    /** The metric names those expressions use. */
    static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        queries().forEach(query -> METRIC.matcher(query).results().forEach(m -> names.add(m.group())));
        return names;
    }

    /** The metric names a Prometheus text exposition ({@code /metrics}) offers. */
    static Set<String> exposed(String exposition) {
        Set<String> names = new TreeSet<>();
        exposition
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }
}
