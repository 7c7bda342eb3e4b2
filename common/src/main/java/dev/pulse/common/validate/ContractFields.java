package dev.pulse.common.validate;

import dev.pulse.common.model.StreamName;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contract of each stream as a table: every field in its wire order (the order of the values records' components),
 * with its type and range. docs/topics.md and the JSON Schemas in docs/schema describe the same table.
 */
public final class ContractFields {
    private static final List<ContractField> ANALYTICS = List.of(
            ContractField.count("active_nodes"),
            ContractField.count("active_edges"),
            ContractField.nonNegative("query_rate"),
            ContractField.number("cache_hit_rate", 0, 1),
            ContractField.nonNegative("memory_usage"),
            ContractField.number("cpu_usage", 0, 100),
            ContractField.nonNegative("response_time"),
            ContractField.timestamp());
    private static final List<ContractField> MEMORY = List.of(
            ContractField.count("total_memories"),
            ContractField.count("memories_added"),
            ContractField.nonNegative("avg_retrieval_ms"),
            ContractField.count("storage_bytes"),
            ContractField.number("hit_ratio", 0, 1),
            ContractField.timestamp());
    private static final List<ContractField> GRAPH = List.of(
            ContractField.count("node_count"),
            ContractField.count("edge_count"),
            ContractField.number("density", 0, 1),
            ContractField.nonNegative("avg_degree"),
            ContractField.count("connected_components"),
            ContractField.count("largest_component"),
            ContractField.timestamp());

    private static final Map<StreamName, List<String>> NUMERIC_NAMES = numericNames();

    private ContractFields() {}

    private static Map<StreamName, List<String>> numericNames() {
        Map<StreamName, List<String>> names = new EnumMap<>(StreamName.class);
        for (StreamName stream : StreamName.values()) {
            names.put(
                    stream,
                    of(stream).stream()
                            .filter(ContractField::isNumeric)
                            .map(ContractField::name)
                            .toList());
        }
        return names;
    }

    /** Every field of the stream, in wire order; the timestamp last. */
    public static List<ContractField> of(StreamName stream) {
        return switch (stream) {
            case ANALYTICS -> ANALYTICS;
            case MEMORY -> MEMORY;
            case GRAPH -> GRAPH;
        };
    }

    /** The field of the stream with this wire name, if there is one. */
    public static Optional<ContractField> find(StreamName stream, String name) {
        return of(stream).stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * The numeric fields of the stream by wire name, paired in order with {@code values}: what {@code numericFields()}
     * returns.
     */
    public static Map<String, Double> numeric(StreamName stream, double... values) {
        List<String> numeric = NUMERIC_NAMES.get(stream);
        if (numeric.size() != values.length) {
            throw new IllegalArgumentException(
                    stream.wireName() + " has " + numeric.size() + " numeric fields, got " + values.length);
        }
        Map<String, Double> fields = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            fields.put(numeric.get(i), values[i]);
        }
        return fields;
    }
}
