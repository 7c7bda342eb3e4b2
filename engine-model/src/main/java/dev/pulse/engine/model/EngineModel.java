package dev.pulse.engine.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.ReadingKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * The simulated state of one engine: seeded, time-correlated random walks behind the three endpoints of the engine API.
 * The same engine id and seed, read at the same instants, give the same values. Used by the simulator's HTTP server and
 * in-process by the collector's {@code simulated} mode.
 *
 * <p>Thread-safe: readings of one engine are serialized.
 */
public final class EngineModel {
    /** A gap longer than this (a paused process) is treated as this, so values do not jump wildly. */
    private static final double MAX_STEP_SECONDS = 60;

    private final String engineId;
    private final SplittableRandom random;
    private final Walk nodes;
    private final Walk edgesPerNode;
    private final Walk queryRate;
    private final Walk cacheHitRate;
    private final Walk memoryMib;
    private final Walk cpuBase;
    private final Walk responseBase;
    private final Walk addRate;
    private final Walk retrievalMs;
    private final Walk hitRatio;
    private final Walk components;
    private final long bytesPerMemory;
    private long totalMemories;
    private Instant lastAdvance;
    private Instant lastMemoryReading;

    public EngineModel(String engineId, long seed, Instant start) {
        this.engineId = engineId;
        // Mix the id into the seed so engines of one simulator differ but stay reproducible.
        this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ engineId.hashCode());
        this.nodes = new Walk(random, 1_000, 50_000, 0.01);
        this.edgesPerNode = new Walk(random, 1.5, 8, 0.01);
        this.queryRate = new Walk(random, 5, 500, 0.05);
        this.cacheHitRate = new Walk(random, 0.55, 0.99, 0.02);
        this.memoryMib = new Walk(random, 256, 8_192, 0.01);
        this.cpuBase = new Walk(random, 2, 60, 0.04);
        this.responseBase = new Walk(random, 1, 120, 0.04);
        this.addRate = new Walk(random, 0, 50, 0.05);
        this.retrievalMs = new Walk(random, 0.5, 40, 0.03);
        this.hitRatio = new Walk(random, 0.4, 0.99, 0.02);
        this.components = new Walk(random, 1, 40, 0.02);
        this.bytesPerMemory = 1_024 + random.nextLong(3_072);
        this.totalMemories = 10_000 + random.nextLong(90_000);
        this.lastAdvance = start;
        this.lastMemoryReading = start;
    }

    public String engineId() {
        return engineId;
    }

    /** The JSON the engine answers for one of its three endpoints at {@code now}. */
    public synchronized ObjectNode reading(ReadingKind kind, Instant now) {
        advanceTo(now);
        ObjectNode json = Json.mapper().createObjectNode();
        switch (kind) {
            case SYSTEM -> system(json);
            case MEMORY -> memory(json, now);
            case GRAPH -> graph(json);
            case STATUS -> json.put("status", "UP").put("engine_id", engineId);
        }
        json.put("timestamp", now.truncatedTo(ChronoUnit.MILLIS).toString());
        return json;
    }

    private void system(ObjectNode json) {
        long nodeCount = nodeCount();
        double queries = queryRate.value();
        // Load drives CPU, CPU drives latency: correlated like a real engine.
        double cpu = Math.clamp(cpuBase.value() + queries / 500 * 35, 0, 100);
        json.put("active_nodes", nodeCount);
        json.put("active_edges", edgeCount(nodeCount));
        json.put("query_rate", round(queries, 2));
        json.put("cache_hit_rate", round(cacheHitRate.value(), 4));
        json.put("memory_usage", round(memoryMib.value(), 1));
        json.put("cpu_usage", round(cpu, 2));
        json.put("response_time", round(responseBase.value() * (1 + cpu / 100), 2));
    }

    private void memory(ObjectNode json, Instant now) {
        double seconds = seconds(lastMemoryReading, now);
        lastMemoryReading = now.isAfter(lastMemoryReading) ? now : lastMemoryReading;
        long added = Math.round(addRate.value() * seconds);
        totalMemories += added;
        json.put("total_memories", totalMemories);
        json.put("memories_added", added);
        json.put("avg_retrieval_ms", round(retrievalMs.value(), 3));
        json.put("storage_bytes", totalMemories * bytesPerMemory);
        json.put("hit_ratio", round(hitRatio.value(), 4));
    }

    private void graph(ObjectNode json) {
        long nodeCount = nodeCount();
        long edgeCount = edgeCount(nodeCount);
        long componentCount = Math.max(1, Math.round(components.value()));
        double possible = nodeCount * (nodeCount - 1) / 2.0;
        json.put("node_count", nodeCount);
        json.put("edge_count", edgeCount);
        json.put("density", round(Math.min(1, edgeCount / possible), 8));
        json.put("avg_degree", round(2.0 * edgeCount / nodeCount, 3));
        json.put("connected_components", componentCount);
        // Most nodes sit in one giant component; the rest share the small ones.
        json.put("largest_component", Math.max(1, nodeCount - (componentCount - 1) * 25));
    }

    private long nodeCount() {
        return Math.round(nodes.value());
    }

    private long edgeCount(long nodeCount) {
        return Math.round(nodeCount * edgesPerNode.value());
    }

    private void advanceTo(Instant now) {
        double seconds = seconds(lastAdvance, now);
        if (seconds <= 0) {
            return;
        }
        lastAdvance = now;
        for (Walk walk : new Walk[] {
            nodes,
            edgesPerNode,
            queryRate,
            cacheHitRate,
            memoryMib,
            cpuBase,
            responseBase,
            addRate,
            retrievalMs,
            hitRatio,
            components
        }) {
            walk.advance(random, seconds);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Math.min(MAX_STEP_SECONDS, Math.max(0, Duration.between(from, to).toNanos() / 1e9));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
