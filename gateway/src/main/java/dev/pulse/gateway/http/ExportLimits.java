package dev.pulse.gateway.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one export may cost (docs/gateway.md, "Export"): past a limit the gateway answers 400 (range, records) or 429
 * (exports at once) with a JSON message naming it.
 *
 * @param maxRange the longest time range of one export
 * @param maxRecords the most topic records one export may read, counted over all engines of its streams in the range
 *     before the engine filter (it is known before anything is read, so the answer can still be a 400)
 * @param maxConcurrent exports running at once on one replica; each also holds one of the catch-up slots it shares with
 *     resuming clients ({@code GATEWAY_MAX_CATCHUPS})
 */
public record ExportLimits(Duration maxRange, long maxRecords, int maxConcurrent) {
    public static final ExportLimits DEFAULTS = new ExportLimits(Duration.ofHours(24), 1_000_000, 2);

    public ExportLimits {
        Objects.requireNonNull(maxRange, "maxRange");
        if (maxRange.isNegative() || maxRange.isZero() || maxRecords < 1 || maxConcurrent < 1) {
            throw new IllegalArgumentException("export limits must be positive");
        }
    }
}
