package dev.pulse.common.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One reading as the collector took it, before any validation: the value of {@code engine.readings.raw} (key = engine
 * id).
 *
 * @param engineId the engine the reading came from; also the Kafka key
 * @param kind which endpoint it came from, or {@code status} for the collector's view of the engine
 * @param sequence the collector's sequence number, per engine and kind, starting at 1; gaps and repeats downstream
 *     reveal loss and duplication
 * @param collectedAt when the collector received the answer
 * @param payload the engine's JSON exactly as received (or an {@link EngineStatus} for {@code status})
 */
public record RawReading(String engineId, ReadingKind kind, long sequence, Instant collectedAt, JsonNode payload) {
    public RawReading {
        Objects.requireNonNull(engineId, "engineId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(collectedAt, "collectedAt");
    }
}
