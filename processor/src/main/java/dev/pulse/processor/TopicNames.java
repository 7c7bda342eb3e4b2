package dev.pulse.processor;

import dev.pulse.common.Topics;
import dev.pulse.common.model.StreamName;
import java.util.Objects;

/**
 * The topics one processor reads and writes. Production always uses {@link #DEFAULT} (the public contract in
 * {@link Topics}); tests and benchmarks use a prefixed set so they share a broker safely.
 */
public record TopicNames(String raw, String dlq, String analytics, String memory, String graph) {
    public static final TopicNames DEFAULT =
            new TopicNames(Topics.RAW, Topics.DLQ, Topics.ANALYTICS, Topics.MEMORY, Topics.GRAPH);

    public TopicNames {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(dlq, "dlq");
        Objects.requireNonNull(analytics, "analytics");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(graph, "graph");
    }

    /** The default names, each prefixed (e.g. {@code "it-42."}). */
    public static TopicNames prefixed(String prefix) {
        return new TopicNames(
                prefix + Topics.RAW,
                prefix + Topics.DLQ,
                prefix + Topics.ANALYTICS,
                prefix + Topics.MEMORY,
                prefix + Topics.GRAPH);
    }

    /** The dashboard topic of one stream. */
    public String of(StreamName stream) {
        return switch (stream) {
            case ANALYTICS -> analytics;
            case MEMORY -> memory;
            case GRAPH -> graph;
        };
    }
}
