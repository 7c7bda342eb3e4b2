package dev.pulse.common.model;

import dev.pulse.common.validate.ContractFields;
import java.time.Instant;
import java.util.Map;

/**
 * The analytics stream: the engine's system metrics ({@code GET /api/v1/metrics/system}).
 *
 * @param activeNodes nodes currently active (count, ≥ 0)
 * @param activeEdges edges currently active (count, ≥ 0)
 * @param queryRate queries per second (≥ 0)
 * @param cacheHitRate fraction of cache hits (0..1)
 * @param memoryUsage memory in use (MiB, ≥ 0)
 * @param cpuUsage CPU use (percent, 0..100)
 * @param responseTime mean response time (ms, ≥ 0)
 * @param timestamp when the engine took the reading
 */
public record AnalyticsValues(
        long activeNodes,
        long activeEdges,
        double queryRate,
        double cacheHitRate,
        double memoryUsage,
        double cpuUsage,
        double responseTime,
        Instant timestamp)
        implements StreamValues {

    @Override
    public Map<String, Double> numericFields() {
        return ContractFields.numeric(
                StreamName.ANALYTICS,
                activeNodes,
                activeEdges,
                queryRate,
                cacheHitRate,
                memoryUsage,
                cpuUsage,
                responseTime);
    }
}
