package dev.pulse.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pulse.common.json.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stream events as the processor writes them (snake_case JSON), with plausible values. */
final class StubEvents {
    private StubEvents() {}

    static String live(String engine, String stream, Instant observedAt, int i) {
        return event(engine, stream, "LIVE", observedAt, observedAt.plusMillis(20), 20, null, i);
    }

    static String stale(String engine, String stream, Instant lastGood, Instant emittedAt) {
        return event(
                engine,
                stream,
                "STALE",
                lastGood,
                emittedAt,
                emittedAt.toEpochMilli() - lastGood.toEpochMilli(),
                "no reading within the staleness bound",
                0);
    }

    /** One active alert as {@code GET /api/v1/alerts} lists it (docs/schema/alert.schema.json, its active items). */
    static Map<String, Object> activeAlert(
            String engine, String stream, String field, String level, String operator, double bound, double value) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("engine_id", engine);
        alert.put("stream", stream);
        alert.put("field", field);
        alert.put("level", level);
        alert.put("operator", operator);
        alert.put("bound", bound);
        alert.put("value", value);
        alert.put("since", Instant.now().minusSeconds(30).toString());
        return alert;
    }

    /**
     * One transition as the gateway's {@code alerts} event carries it (the record of engine.alerts,
     * docs/schema/alert.schema.json), with the engine's whole active set after it.
     */
    static String transition(
            Map<String, Object> decided, String transition, String previous, List<Map<String, Object>> active) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("engine_id", decided.get("engine_id"));
        alert.put("stream", decided.get("stream"));
        alert.put("field", decided.get("field"));
        alert.put("transition", transition);
        alert.put("level", transition.equals("clear") ? "ok" : decided.get("level"));
        alert.put("previous", previous);
        alert.put("operator", decided.get("operator"));
        alert.put("bound", decided.get("bound"));
        alert.put("value", decided.get("value"));
        alert.put("run", 1);
        alert.put("sequence", 1);
        alert.put("observed_at", Instant.now().toString());
        alert.put("at", Instant.now().toString());
        alert.put("reason", null);
        alert.put("active", active);
        return json(alert);
    }

    static String alerts(List<Map<String, Object>> active) {
        try {
            return Json.mapper().writeValueAsString(Map.of("alerts", active));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String fallback(String engine, String stream, Instant lastGood, Instant emittedAt, String reason) {
        return event(
                engine,
                stream,
                "FALLBACK",
                lastGood,
                emittedAt,
                emittedAt.toEpochMilli() - lastGood.toEpochMilli(),
                reason,
                0);
    }

    /** FALLBACK for an engine that has never produced a valid reading: no values, sequence 0, no observed_at. */
    static String noData(String engine, String stream, Instant emittedAt, String reason) {
        return withoutValues(engine, stream, "FALLBACK", emittedAt, reason);
    }

    /** An engine's last event on a stream before its tombstone. */
    static String retired(String engine, String stream, Instant emittedAt) {
        return withoutValues(engine, stream, "RETIRED", emittedAt, "no longer watched");
    }

    /** The data of the gateway's {@code event: retired}, sent for a tombstone. */
    static String tombstone(String engine, String stream) {
        return json(Map.of("engine_id", engine, "stream", stream));
    }

    private static String withoutValues(String engine, String stream, String status, Instant emittedAt, String reason) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("engine_id", engine);
        event.put("stream", stream);
        event.put("status", status);
        event.put("run", 0);
        event.put("sequence", 0);
        event.put("observed_at", null);
        event.put("emitted_at", emittedAt.toString());
        event.put("age_ms", 0);
        event.put("reason", reason);
        event.put("values", null);
        event.put("window", null);
        event.put("last_window", null);
        return json(event);
    }

    static String event(
            String engine,
            String stream,
            String status,
            Instant observedAt,
            Instant emittedAt,
            long ageMs,
            String reason,
            int i) {
        Map<String, Object> values = values(stream, i);
        Map<String, Object> fields = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            double v = ((Number) value).doubleValue();
            fields.put(name, Map.of("min", v * 0.9, "max", v * 1.1, "mean", v, "p95", v * 1.05));
        });
        Instant windowStart = Instant.ofEpochSecond(observedAt.getEpochSecond() / 60 * 60);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("engine_id", engine);
        event.put("stream", stream);
        event.put("status", status);
        event.put("sequence", i);
        event.put("observed_at", observedAt.toString());
        event.put("emitted_at", emittedAt.toString());
        event.put("age_ms", ageMs);
        event.put("reason", reason);
        Map<String, Object> withTimestamp = new LinkedHashMap<>(values);
        withTimestamp.put("timestamp", observedAt.toString());
        event.put("values", withTimestamp);
        event.put(
                "window",
                Map.of(
                        "start",
                        windowStart.toString(),
                        "end",
                        windowStart.plusSeconds(60).toString(),
                        "count",
                        i % 60 + 1,
                        "fields",
                        fields));
        event.put("last_window", null);
        return json(event);
    }

    private static String json(Map<String, Object> event) {
        try {
            return Json.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> values(String stream, int i) {
        double wave = Math.sin(i / 5.0);
        Map<String, Object> v = new LinkedHashMap<>();
        switch (stream) {
            case "analytics" -> {
                v.put("active_nodes", 1200 + i % 7);
                v.put("active_edges", 5400 + i % 11);
                v.put("query_rate", 120 + 15 * wave);
                v.put("cache_hit_rate", 0.9 + 0.05 * wave);
                v.put("memory_usage", 512 + 20 * wave);
                v.put("cpu_usage", 35 + 10 * wave);
                v.put("response_time", 12.5 + 3 * wave);
            }
            case "memory" -> {
                v.put("total_memories", 100_000 + 3 * i);
                v.put("memories_added", 3);
                v.put("avg_retrieval_ms", 3.2 + 0.4 * wave);
                v.put("storage_bytes", 1_234_567_890L + 4096L * i);
                v.put("hit_ratio", 0.93 + 0.02 * wave);
            }
            case "graph" -> {
                v.put("node_count", 5000 + i);
                v.put("edge_count", 21_000 + 4 * i);
                v.put("density", 0.00168);
                v.put("avg_degree", 8.4);
                v.put("connected_components", 3);
                v.put("largest_component", 4990 + i);
            }
            default -> throw new IllegalArgumentException(stream);
        }
        return v;
    }
}
