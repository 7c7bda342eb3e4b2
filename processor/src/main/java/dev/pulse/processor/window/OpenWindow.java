package dev.pulse.processor.window;

import dev.pulse.common.model.FieldStats;
import dev.pulse.common.model.WindowStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A window still accepting readings. It keeps every sample: the p95 needs them, and a window of a
 * stream polled every 1–5 s holds at most a few hundred.
 *
 * @param startMs inclusive start, epoch ms
 * @param endMs exclusive end, epoch ms
 * @param samples per numeric field (wire name), the values in arrival order
 */
public record OpenWindow(long startMs, long endMs, Map<String, List<Double>> samples) {

    public static OpenWindow empty(long startMs, long endMs) {
        return new OpenWindow(startMs, endMs, new LinkedHashMap<>());
    }

    /** A copy with one more reading. */
    public OpenWindow plus(Map<String, Double> fields) {
        Map<String, List<Double>> copy = new LinkedHashMap<>();
        samples.forEach((field, values) -> copy.put(field, new ArrayList<>(values)));
        fields.forEach((field, value) -> copy.computeIfAbsent(field, f -> new ArrayList<>()).add(value));
        return new OpenWindow(startMs, endMs, copy);
    }

    /** Readings in the window. */
    public long count() {
        return samples.values().stream().mapToLong(List::size).max().orElse(0);
    }

    public WindowStats stats() {
        Map<String, FieldStats> fields = new LinkedHashMap<>();
        samples.forEach((field, values) -> fields.put(field, statsOf(values)));
        return new WindowStats(Instant.ofEpochMilli(startMs), Instant.ofEpochMilli(endMs), count(), fields);
    }

    /** min, max, mean and p95 by the nearest-rank method: the ⌈0.95·n⌉-th smallest value. */
    static FieldStats statsOf(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double sum = 0;
        for (double value : sorted) {
            sum += value;
        }
        int rank = (int) Math.ceil(0.95 * sorted.length);
        return new FieldStats(sorted[0], sorted[sorted.length - 1], sum / sorted.length, sorted[Math.max(rank, 1) - 1]);
    }
}
