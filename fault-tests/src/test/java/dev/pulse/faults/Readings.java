package dev.pulse.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.topic.PipelineTopics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Valid raw readings as the collector would write them, with the simulator's payload shape. */
final class Readings {
    private static final JsonSerde<RawReading> SERDE = JsonSerde.rawReading();

    private Readings() {}

    static RawReading valid(String engineId, ReadingKind kind, long sequence, Instant at) {
        return new RawReading(engineId, kind, 1, sequence, at, payload(kind, sequence, at));
    }

    static byte[] bytes(RawReading reading) {
        return SERDE.serialize(PipelineTopics.PUBLIC.raw().name(), reading);
    }

    static ObjectNode payload(ReadingKind kind, long sequence, Instant at) {
        ObjectNode json = Json.mapper().createObjectNode();
        long n = 1000 + sequence % 500;
        switch (kind) {
            case SYSTEM ->
                json.put("active_nodes", n)
                        .put("active_edges", 3 * n)
                        .put("query_rate", 120.5)
                        .put("cache_hit_rate", 0.87)
                        .put("memory_usage", 512.0)
                        .put("cpu_usage", 42.5)
                        .put("response_time", 12.3);
            case MEMORY ->
                json.put("total_memories", 10 * n)
                        .put("memories_added", 3)
                        .put("avg_retrieval_ms", 1.25)
                        .put("storage_bytes", 4096 * n)
                        .put("hit_ratio", 0.9);
            case GRAPH ->
                json.put("node_count", n)
                        .put("edge_count", 3 * n)
                        .put("density", 0.006)
                        .put("avg_degree", 6.0)
                        .put("connected_components", 2)
                        .put("largest_component", n - 25);
            case STATUS -> throw new IllegalArgumentException("status readings carry an EngineStatus");
        }
        json.put("timestamp", at.truncatedTo(ChronoUnit.MILLIS).toString());
        return json;
    }
}
