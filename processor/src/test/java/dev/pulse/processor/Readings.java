package dev.pulse.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Raw readings as the collector writes them, for tests: valid by default, easy to break. */
public final class Readings {
    private Readings() {}

    public static ObjectNode system(double cpuUsage, Instant timestamp) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("active_nodes", 120)
                .put("active_edges", 480)
                .put("query_rate", 35.5)
                .put("cache_hit_rate", 0.92)
                .put("memory_usage", 512.0)
                .put("cpu_usage", cpuUsage)
                .put("response_time", 12.5)
                .put("timestamp", timestamp.toString());
        return p;
    }

    public static ObjectNode memory(long totalMemories, Instant timestamp) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("total_memories", totalMemories)
                .put("memories_added", 3)
                .put("avg_retrieval_ms", 4.2)
                .put("storage_bytes", 1_048_576)
                .put("hit_ratio", 0.8)
                .put("timestamp", timestamp.toString());
        return p;
    }

    public static ObjectNode graph(long nodeCount, Instant timestamp) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("node_count", nodeCount)
                .put("edge_count", 4000)
                .put("density", 0.02)
                .put("avg_degree", 8.0)
                .put("connected_components", 3)
                .put("largest_component", 990)
                .put("timestamp", timestamp.toString());
        return p;
    }

    public static ObjectNode status(String state, String error, Instant since) {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("state", state).put("since", since.toString());
        if (error != null) {
            p.put("error", error);
        }
        return p;
    }

    /** The envelope of {@code engine.readings.raw}, without {@code run} (as a producer other than the collector). */
    public static ObjectNode envelope(
            String engineId, String kind, long sequence, Instant collectedAt, ObjectNode payload) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("engine_id", engineId)
                .put("kind", kind)
                .put("sequence", sequence)
                .put("collected_at", collectedAt.toString());
        r.set("payload", payload);
        return r;
    }

    /** The envelope as the collector writes it, with its run. */
    public static ObjectNode envelope(
            String engineId, String kind, long run, long sequence, Instant collectedAt, ObjectNode payload) {
        return envelope(engineId, kind, sequence, collectedAt, payload).put("run", run);
    }

    public static byte[] bytes(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
