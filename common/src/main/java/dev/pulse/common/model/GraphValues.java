package dev.pulse.common.model;

import dev.pulse.common.validate.ContractFields;
import java.time.Instant;
import java.util.Map;

/**
 * The graph stream: the engine's graph metrics ({@code GET /api/v1/metrics/graph}).
 *
 * @param nodeCount nodes in the graph (count, ≥ 0)
 * @param edgeCount edges in the graph (count, ≥ 0)
 * @param density edge density (0..1)
 * @param avgDegree mean node degree (≥ 0)
 * @param connectedComponents number of connected components (count, ≥ 0)
 * @param largestComponent nodes in the largest component (count, ≥ 0)
 * @param timestamp when the engine took the reading
 */
public record GraphValues(
        long nodeCount,
        long edgeCount,
        double density,
        double avgDegree,
        long connectedComponents,
        long largestComponent,
        Instant timestamp)
        implements StreamValues {

    @Override
    public Map<String, Double> numericFields() {
        return ContractFields.numeric(
                StreamName.GRAPH, nodeCount, edgeCount, density, avgDegree, connectedComponents, largestComponent);
    }
}
