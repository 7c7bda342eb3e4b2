package dev.pulse.common.model;

import dev.pulse.common.validate.ContractFields;
import java.time.Instant;
import java.util.Map;

/**
 * The memory stream: the engine's memory insights ({@code GET /api/v1/insights/memory}).
 *
 * @param totalMemories memories stored (count, ≥ 0)
 * @param memoriesAdded memories added since the previous reading (count, ≥ 0)
 * @param avgRetrievalMs mean retrieval time (ms, ≥ 0)
 * @param storageBytes storage used (bytes, ≥ 0)
 * @param hitRatio fraction of retrievals that hit (0..1)
 * @param timestamp when the engine took the reading
 */
public record MemoryValues(
        long totalMemories,
        long memoriesAdded,
        double avgRetrievalMs,
        long storageBytes,
        double hitRatio,
        Instant timestamp)
        implements StreamValues {

    @Override
    public Map<String, Double> numericFields() {
        return ContractFields.numeric(
                StreamName.MEMORY, totalMemories, memoriesAdded, avgRetrievalMs, storageBytes, hitRatio);
    }
}
