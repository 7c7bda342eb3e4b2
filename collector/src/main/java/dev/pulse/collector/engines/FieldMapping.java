package dev.pulse.collector.engines;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.pulse.common.validate.ContractField;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one contract field is in an engine's answer, and how to turn it into the contract's unit.
 *
 * @param field the contract field it fills
 * @param pointer where the value is in the answer (RFC 6901 JSON Pointer)
 * @param scale the value is multiplied by it (1 = as is); counts are then rounded to a whole number
 * @param required whether an answer without it is a mapping error; an optional field needs {@code fallback}
 * @param fallback the value used when an optional field is missing: a JSON value, or {@link #COLLECTED} for a timestamp
 *     (the time the collector received the answer); null for a required field
 */
public record FieldMapping(
        ContractField field, JsonPointer pointer, double scale, boolean required, JsonNode fallback) {
    /** The fallback of a timestamp that means "when the collector received the answer". */
    public static final JsonNode COLLECTED = TextNode.valueOf("collected");

    public FieldMapping {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(pointer, "pointer");
        if (!required && fallback == null) {
            throw new IllegalArgumentException("an optional field needs a default");
        }
    }

    /** The field as the contract's own name at the top level, required, unscaled: the built-in API. */
    public static FieldMapping identity(ContractField field) {
        return new FieldMapping(field, JsonPointer.compile("/" + field.name()), 1, true, null);
    }

    /** The contract value read from {@code answer}; empty when a required field is missing. */
    Optional<JsonNode> read(JsonNode answer, Instant collectedAt) {
        JsonNode node = answer.at(pointer);
        if (node.isMissingNode() || node.isNull()) {
            if (required) {
                return Optional.empty();
            }
            return Optional.of(fallback == COLLECTED ? TextNode.valueOf(collectedAt.toString()) : fallback);
        }
        if (scale == 1 || !node.isNumber()) {
            // A value of the wrong type is passed on as it is: the processor's validator names what is wrong.
            return Optional.of(node);
        }
        double scaled = node.doubleValue() * scale;
        if (field.type() == ContractField.Type.COUNT
                && Double.isFinite(scaled)
                && Math.abs(scaled) <= ContractField.MAX_MAGNITUDE) {
            return Optional.of(LongNode.valueOf(Math.round(scaled)));
        }
        return Optional.of(DoubleNode.valueOf(scaled));
    }
}
