package dev.pulse.common.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.MemoryValues;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import java.util.List;
import java.util.function.Function;

/** The rules of the engine API (see the design brief and docs/topics.md): every field, its type and range. */
public final class ReadingValidator {

    private ReadingValidator() {}

    /** Validates the engine's JSON for one stream, reporting every broken field. */
    public static Validation<StreamValues> validate(StreamName stream, JsonNode payload) {
        return switch (stream) {
            case ANALYTICS ->
                read(
                        payload,
                        r -> new AnalyticsValues(
                                r.count("active_nodes"),
                                r.count("active_edges"),
                                r.nonNegative("query_rate"),
                                r.number("cache_hit_rate", 0, 1),
                                r.nonNegative("memory_usage"),
                                r.number("cpu_usage", 0, 100),
                                r.nonNegative("response_time"),
                                r.instant("timestamp")));
            case MEMORY ->
                read(
                        payload,
                        r -> new MemoryValues(
                                r.count("total_memories"),
                                r.count("memories_added"),
                                r.nonNegative("avg_retrieval_ms"),
                                r.count("storage_bytes"),
                                r.number("hit_ratio", 0, 1),
                                r.instant("timestamp")));
            case GRAPH ->
                read(
                        payload,
                        r -> new GraphValues(
                                r.count("node_count"),
                                r.count("edge_count"),
                                r.number("density", 0, 1),
                                r.nonNegative("avg_degree"),
                                r.count("connected_components"),
                                r.count("largest_component"),
                                r.instant("timestamp")));
        };
    }

    /** Validates the payload of a {@code status} reading. */
    public static Validation<EngineStatus> validateStatus(JsonNode payload) {
        return read(payload, r -> {
            EngineState state = r.constant("state", EngineState.class);
            String error = r.optionalText("error");
            var since = r.instant("since");
            return r.errors().isEmpty() ? new EngineStatus(state, error, since) : null;
        });
    }

    private static <T> Validation<T> read(JsonNode payload, Function<FieldReader, T> build) {
        if (payload == null || !payload.isObject()) {
            String text = payload == null ? null : abbreviate(payload.toString());
            return new Validation.Invalid<>(List.of(new FieldError("$", text, "must be a JSON object")));
        }
        FieldReader reader = new FieldReader(payload);
        T value = build.apply(reader);
        return reader.errors().isEmpty() ? new Validation.Valid<>(value) : new Validation.Invalid<>(reader.errors());
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }
}
