package dev.pulse.common.model;

import java.time.Instant;
import java.util.Map;

/**
 * Statistics of every numeric field of a stream over one tumbling event-time window.
 *
 * @param start window start (inclusive)
 * @param end window end (exclusive)
 * @param count readings in the window
 * @param fields per field wire name: min, max, mean and p95 (nearest rank)
 */
public record WindowStats(Instant start, Instant end, long count, Map<String, FieldStats> fields) {
    public WindowStats {
        fields = Map.copyOf(fields);
    }
}
