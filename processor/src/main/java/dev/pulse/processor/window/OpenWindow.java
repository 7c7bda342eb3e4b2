package dev.pulse.processor.window;

import dev.pulse.common.model.FieldStats;
import dev.pulse.common.model.WindowStats;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A window still accepting readings, summarised per field in bounded space (see {@link FieldSummary}): adding a reading
 * and storing the window cost the same in a 1 s window as in a 1 day one.
 *
 * @param startMs inclusive start, epoch ms
 * @param endMs exclusive end, epoch ms
 * @param count readings added
 * @param fields per numeric field (wire name), in first-seen order
 */
public record OpenWindow(long startMs, long endMs, long count, Map<String, FieldSummary> fields) {

    public OpenWindow {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields)); // keeps first-seen order, unlike Map.copyOf
    }

    public static OpenWindow empty(long startMs, long endMs) {
        return new OpenWindow(startMs, endMs, 0, Map.of());
    }

    /** A copy with one more reading. */
    public OpenWindow plus(Map<String, Double> values) {
        Map<String, FieldSummary> next = new LinkedHashMap<>(fields);
        values.forEach((field, value) ->
                next.compute(field, (name, summary) -> summary == null ? FieldSummary.of(value) : summary.plus(value)));
        return new OpenWindow(startMs, endMs, count + 1, next);
    }

    public WindowStats stats() {
        Map<String, FieldStats> stats = new LinkedHashMap<>();
        fields.forEach((field, summary) -> stats.put(field, summary.stats()));
        return new WindowStats(Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(endMs), count, stats);
    }
}
