package dev.pulse.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One reading as the collector took it, before any validation: the value of {@code engine.readings.raw} (key = engine
 * id).
 *
 * @param engineId the engine the reading came from; also the Kafka key
 * @param kind which endpoint it came from, or {@code status} for the collector's view of the engine
 * @param run the collector run that took it: an epoch that grows across collector restarts (its start time in ms), so
 *     that (run, sequence) is unique and downstream can tell a restart from a gap; 0 when the producer does not say
 * @param sequence the collector's sequence number, per engine and kind within one run, starting at 1; gaps and repeats
 *     downstream reveal loss and duplication
 * @param collectedAt when the collector received the answer
 * @param payload the reading in the contract's field names (the engine's JSON mapped by its profile), or an
 *     {@link EngineStatus} for {@code status}
 * @param mappingError why the engine's answer could not be mapped to the contract (for instance a required field's JSON
 *     pointer found nothing), null when it could; such a reading is a dead letter and {@code payload} is then the
 *     engine's answer as received
 */
public record RawReading(
        String engineId,
        ReadingKind kind,
        long run,
        long sequence,
        Instant collectedAt,
        JsonNode payload,
        @JsonInclude(JsonInclude.Include.NON_NULL) String mappingError) {
    public RawReading {
        Objects.requireNonNull(engineId, "engineId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(collectedAt, "collectedAt");
    }

    /** A reading whose payload mapped cleanly. */
    public RawReading(
            String engineId, ReadingKind kind, long run, long sequence, Instant collectedAt, JsonNode payload) {
        this(engineId, kind, run, sequence, collectedAt, payload, null);
    }
}
