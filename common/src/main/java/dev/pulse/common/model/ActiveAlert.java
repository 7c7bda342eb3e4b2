package dev.pulse.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One field of an engine past a threshold, as listed in every {@link Alert} of that engine and by the gateway's
 * {@code GET /api/v1/alerts}.
 *
 * @param engineId the engine
 * @param stream the stream of the field
 * @param field the contract field ({@code cpu_usage})
 * @param level WARNING or CRITICAL
 * @param operator the comparison of the rule behind the level ({@code >}, {@code >=}, {@code <}, {@code <=})
 * @param bound the bound of that rule
 * @param value the reading that brought the field to this level
 * @param since when the field left OK (an escalation keeps it)
 */
public record ActiveAlert(
        String engineId,
        StreamName stream,
        String field,
        AlertLevel level,
        String operator,
        double bound,
        double value,
        Instant since) {
    public ActiveAlert {
        Objects.requireNonNull(engineId, "engineId");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(since, "since");
        if (level == AlertLevel.OK) {
            throw new IllegalArgumentException("an active alert is WARNING or CRITICAL");
        }
    }
}
