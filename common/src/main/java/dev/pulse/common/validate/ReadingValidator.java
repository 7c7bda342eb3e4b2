package dev.pulse.common.validate;

import static dev.pulse.common.text.Abbreviation.abbreviate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.MemoryValues;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** The rules of the engine API: every field of {@link ContractFields}, its type and range (see docs/topics.md). */
public final class ReadingValidator {

    private ReadingValidator() {}

    /** Validates the engine's JSON for one stream, reporting every broken field. */
    public static Validation<StreamValues> validate(StreamName stream, JsonNode payload) {
        return read(payload, r -> {
            // Read in the table's order (the records' component order), so errors come in wire order.
            List<ContractField> fields = ContractFields.of(stream);
            double[] v = new double[fields.size()];
            Instant at = null;
            for (int i = 0; i < fields.size(); i++) {
                ContractField field = fields.get(i);
                if (field.type() == ContractField.Type.TIMESTAMP) {
                    at = r.instant(field.name());
                } else {
                    v[i] = r.read(field);
                }
            }
            return switch (stream) {
                case ANALYTICS -> new AnalyticsValues((long) v[0], (long) v[1], v[2], v[3], v[4], v[5], v[6], at);
                case MEMORY -> new MemoryValues((long) v[0], (long) v[1], v[2], (long) v[3], v[4], at);
                case GRAPH -> new GraphValues((long) v[0], (long) v[1], v[2], v[3], (long) v[4], (long) v[5], at);
            };
        });
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
            String text = payload == null ? null : abbreviate(payload.toString(), 80);
            return new Validation.Invalid<>(List.of(new FieldError("$", text, "must be a JSON object")));
        }
        FieldReader reader = new FieldReader(payload);
        T value = build.apply(reader);
        return reader.errors().isEmpty() ? new Validation.Valid<>(value) : new Validation.Invalid<>(reader.errors());
    }
}
