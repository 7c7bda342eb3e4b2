package dev.pulse.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.common.topic.TopicSettings;
import dev.pulse.common.topic.TopicSetup;
import dev.pulse.common.validate.ReadingValidator;
import dev.pulse.common.validate.Validation;
import dev.pulse.testing.KafkaCluster;
import dev.pulse.testing.KafkaClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two worked examples of docs/collector.md ("Engines file"), each against a real HTTP server serving that shape,
 * through the real broker: the raw readings carry the contract's names and units.
 */
@ExtendWith(KafkaClusterExtension.class)
class EngineProfilesIT {
    private static final String MEMORY = """
            {"total_memories": 1000, "memories_added": 3, "avg_retrieval_ms": 2.5, "storage_bytes": 1048576,
             "hit_ratio": 0.8, "timestamp": "2026-12-01T10:00:00Z"}""";
    private static final String GRAPH = """
            {"node_count": 120, "edge_count": 340, "density": 0.05, "avg_degree": 5.6, "connected_components": 2,
             "largest_component": 100, "timestamp": "2026-12-01T10:00:00Z"}""";

    @TempDir
    Path dir;

    @BeforeAll
    static void topics(KafkaCluster cluster) {
        TopicSetup.ensure(KafkaSettings.of(cluster.bootstrapServers()), PipelineTopics.PUBLIC, TopicSettings.DEFAULT);
    }

    @Test
    void shouldMapAnEngineThatNestsItsFiguresUnderDataMetricsWithOtherNames(KafkaCluster cluster) throws Exception {
        // given: the first example's engine and its profile, as in docs/collector.md
        String engine = "nested-" + UUID.randomUUID().toString().substring(0, 8);
        try (ShapeServer server = new ShapeServer()
                .answer("/status", "{\"ok\": true}")
                .answer("/v2/stats", """
                        {"data": {"metrics": {"nodes": 120, "edges": 340, "qps": 55.5, "cache": {"hit": 0.93},
                                              "mem_mb": 512.25, "cpu_pct": 37.5, "latency_ms": 12.8},
                                  "taken_at": "2026-12-01T10:00:00Z"}}""")
                .answer("/api/v1/insights/memory", MEMORY)
                .answer("/api/v1/metrics/graph", GRAPH)) {
            Path file = write("""
                    profiles:
                      nested:
                        health: {path: /status}
                        analytics:
                          path: /v2/stats
                          fields:
                            active_nodes: /data/metrics/nodes
                            active_edges: /data/metrics/edges
                            query_rate: /data/metrics/qps
                            cache_hit_rate: /data/metrics/cache/hit
                            memory_usage: /data/metrics/mem_mb
                            cpu_usage: /data/metrics/cpu_pct
                            response_time: /data/metrics/latency_ms
                            timestamp: /data/taken_at
                    engines:
                      - {id: %s, url: "%s", profile: nested}
                    """.formatted(engine, server.url()));

            // when
            JsonNode system = firstSystemPayload(cluster, file, Map.of(), engine);

            // then
            assertThat(system).isEqualTo(Json.mapper().readTree("""
                            {"active_nodes": 120, "active_edges": 340, "query_rate": 55.5, "cache_hit_rate": 0.93,
                             "memory_usage": 512.25, "cpu_usage": 37.5, "response_time": 12.8,
                             "timestamp": "2026-12-01T10:00:00Z"}"""));
        }
    }

    @Test
    void shouldScaleAnEngineThatReportsMemoryInBytesAndCpuAsARatioBehindAToken(KafkaCluster cluster) throws Exception {
        // given: the second example's engine: built-in paths, a bearer token, bytes and ratios
        String engine = "bytes-" + UUID.randomUUID().toString().substring(0, 8);
        try (ShapeServer server = new ShapeServer()
                .requireHeader("Authorization", "Bearer t0ken")
                .answer("/health", "{}")
                .answer("/api/v1/metrics/system", """
                        {"active_nodes": 120, "active_edges": 340, "query_rate": 55.5, "cache_hit_rate": 0.93,
                         "memory_used_bytes": 536870912, "cpu_ratio": 0.375, "response_time": 12.8}""")
                .answer("/api/v1/insights/memory", MEMORY)
                .answer("/api/v1/metrics/graph", GRAPH)) {
            Path file = write("""
                    profiles:
                      bytes:
                        headers: {Authorization: "Bearer ${ENGINE_TOKEN}"}
                        analytics:
                          fields:
                            memory_usage: {pointer: /memory_used_bytes, scale: bytes_to_mib}
                            cpu_usage: {pointer: /cpu_ratio, scale: ratio_to_percent}
                            timestamp: {pointer: /timestamp, required: false, default: collected}
                    engines:
                      - {id: %s, url: "%s", profile: bytes}
                    """.formatted(engine, server.url()));

            // when
            JsonNode system = firstSystemPayload(cluster, file, Map.of("ENGINE_TOKEN", "t0ken"), engine);

            // then
            assertThat(system.get("memory_usage").doubleValue()).isEqualTo(512.0);
            assertThat(system.get("cpu_usage").doubleValue()).isEqualTo(37.5);
            assertThat(system.get("active_nodes").longValue()).isEqualTo(120);
            assertThat(system.get("timestamp").textValue())
                    .as("the receive time")
                    .endsWith("Z");
        }
    }

    @Test
    void shouldProduceTheAnswerAsReceivedWithAMappingErrorWhenARequiredFieldIsMissing(KafkaCluster cluster)
            throws Exception {
        String engine = "lacking-" + UUID.randomUUID().toString().substring(0, 8);
        String answer = "{\"data\": {\"metrics\": {\"nodes\": 120}}}";
        try (ShapeServer server = new ShapeServer()
                .answer("/health", "{}")
                .answer("/api/v1/metrics/system", answer)
                .answer("/api/v1/insights/memory", MEMORY)
                .answer("/api/v1/metrics/graph", GRAPH)) {
            Path file = write("""
                    profiles:
                      nested:
                        analytics:
                          fields:
                            active_nodes: /data/metrics/nodes
                            active_edges: /data/metrics/edges
                    engines:
                      - {id: %s, url: "%s", profile: nested}
                    """.formatted(engine, server.url()));

            try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), engine);
                    CollectorService collector = start(cluster, file, Map.of())) {
                await().atMost(Duration.ofSeconds(15))
                        .until(() -> !watcher.of(engine, ReadingKind.SYSTEM).isEmpty());
                RawReading reading = watcher.of(engine, ReadingKind.SYSTEM).getFirst();

                assertThat(reading.payload()).isEqualTo(Json.mapper().readTree(answer));
                assertThat(reading.mappingError())
                        .startsWith("analytics: required active_edges not found at /data/metrics/edges;")
                        .contains("required cpu_usage not found at /cpu_usage");
                assertThat(watcher.of(engine, ReadingKind.MEMORY).getFirst().mappingError())
                        .isNull();
                assertThat(watcher.states(engine)).startsWith(EngineState.UP);
            }
        }
    }

    private JsonNode firstSystemPayload(KafkaCluster cluster, Path file, Map<String, String> extraEnv, String engine)
            throws Exception {
        try (RawTopicWatcher watcher = new RawTopicWatcher(cluster.bootstrapServers(), engine);
                CollectorService collector = start(cluster, file, extraEnv)) {
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> !watcher.of(engine, ReadingKind.SYSTEM).isEmpty()
                            && !watcher.of(engine, ReadingKind.GRAPH).isEmpty());
            RawReading reading = watcher.of(engine, ReadingKind.SYSTEM).getFirst();
            assertThat(reading.mappingError()).isNull();
            assertThat(reading.run()).isEqualTo(collector.run());
            assertThat(ReadingValidator.validate(StreamName.ANALYTICS, reading.payload()))
                    .isInstanceOf(Validation.Valid.class);
            return reading.payload();
        }
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("engines.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static CollectorService start(KafkaCluster cluster, Path file, Map<String, String> extraEnv) {
        Map<String, String> env = TestConfigs.fastPolling(cluster.bootstrapServers(), file);
        env.putAll(extraEnv);
        return CollectorService.start(TestConfigs.config(env));
    }
}
