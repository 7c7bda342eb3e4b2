package dev.pulse.bench.throughput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A reproducible mix of raw readings as the collector writes them: 10 engines, system/memory/graph readings 1 s apart
 * per engine and kind, 1 in 50 a status report, 1 in 100 unparseable and 1 in 100 failing validation (both go to the
 * dead-letter topic).
 */
public final class ReadingMix {
    public static final int ENGINES = 10;
    private static final Instant BASE = Instant.parse("2026-11-25T10:00:00Z");
    private static final ReadingKind[] KINDS = {ReadingKind.SYSTEM, ReadingKind.MEMORY, ReadingKind.GRAPH};
    private final JsonSerde<RawReading> serde = JsonSerde.rawReading();
    private final long[] sequences = new long[ENGINES * 4];

    public static String engineId(int i) {
        return "bench-" + (i % ENGINES + 1);
    }

    /** The i-th record's value. */
    public byte[] value(int i) {
        int engine = i % ENGINES;
        if (i % 100 == 42) {
            return "{\"engine_id\": broken".getBytes(StandardCharsets.UTF_8);
        }
        boolean status = i % 50 == 49;
        int kindIndex = status ? 3 : (i / ENGINES) % 3;
        long seq = ++sequences[engine * 4 + kindIndex];
        Instant at = BASE.plusSeconds(seq);
        if (status) {
            EngineStatus payload = new EngineStatus(
                    seq % 2 == 0 ? EngineState.UP : EngineState.DOWN, seq % 2 == 0 ? null : "bench", at);
            return serde.serialize(
                    "",
                    new RawReading(
                            engineId(i),
                            ReadingKind.STATUS,
                            1,
                            seq,
                            at,
                            Json.mapper().valueToTree(payload)));
        }
        ObjectNode payload = payload(KINDS[kindIndex], seq, at);
        if (i % 100 == 77) {
            payload.put(
                    KINDS[kindIndex] == ReadingKind.SYSTEM ? "cpu_usage" : "timestamp",
                    KINDS[kindIndex] == ReadingKind.SYSTEM ? 250.0 : 0);
        }
        return serde.serialize("", new RawReading(engineId(i), KINDS[kindIndex], 1, seq, at, payload));
    }

    /** A valid engine answer of the given kind. */
    public static ObjectNode payload(ReadingKind kind, long seq, Instant at) {
        ObjectNode p = Json.mapper().createObjectNode();
        double wave = Math.sin(seq / 10.0);
        switch (kind) {
            case SYSTEM ->
                p.put("active_nodes", 100 + seq % 50)
                        .put("active_edges", 300 + seq % 70)
                        .put("query_rate", 50 + 10 * wave)
                        .put("cache_hit_rate", 0.9 + 0.05 * wave)
                        .put("memory_usage", 800 + 20 * wave)
                        .put("cpu_usage", 40 + 20 * wave)
                        .put("response_time", 4 + wave);
            case MEMORY ->
                p.put("total_memories", 10_000 + seq)
                        .put("memories_added", seq % 7)
                        .put("avg_retrieval_ms", 1.5 + 0.2 * wave)
                        .put("storage_bytes", 100_000_000 + seq * 100)
                        .put("hit_ratio", 0.85 + 0.05 * wave);
            case GRAPH ->
                p.put("node_count", 100 + seq % 50)
                        .put("edge_count", 300 + seq % 70)
                        .put("density", 0.04 + 0.01 * wave)
                        .put("avg_degree", 5.5 + wave)
                        .put("connected_components", 3)
                        .put("largest_component", 90);
            default -> throw new IllegalArgumentException(kind.toString());
        }
        p.put("timestamp", at.toString());
        return p;
    }

    /** Parses a value back, for the JMH benchmarks. */
    public static JsonNode tree(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
