package dev.pulse.common.validate;

import static dev.pulse.common.text.Abbreviation.abbreviate;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads typed fields out of a JSON object and collects every rule a field breaks, so a caller sees all errors of a
 * payload at once. A broken field reads as zero (or null); the caller must check {@link #errors()} before using what it
 * read.
 */
final class FieldReader {
    /** Beyond this, a count or magnitude is treated as corrupt rather than as a reading. */
    static final double MAX_MAGNITUDE = ContractField.MAX_MAGNITUDE;

    private final JsonNode payload;
    private final List<FieldError> errors = new ArrayList<>();

    FieldReader(JsonNode payload) {
        this.payload = payload;
    }

    List<FieldError> errors() {
        return errors;
    }

    /** The value of one contract field, read by its type; a timestamp reads as 0 (use {@link #instant}). */
    double read(ContractField field) {
        return switch (field.type()) {
            case COUNT -> count(field.name());
            case NUMBER -> number(field.name(), field.min(), field.max());
            case TIMESTAMP -> {
                instant(field.name());
                yield 0;
            }
        };
    }

    /** A whole number in [0, 1e15]. */
    long count(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return 0;
        }
        if (!node.isNumber()) {
            return fail(field, node, "must be a whole number");
        }
        if (!node.canConvertToExactIntegral()) {
            return fail(field, node, "must be a whole number");
        }
        if (!node.canConvertToLong() || node.asDouble() < 0 || node.asDouble() > MAX_MAGNITUDE) {
            return fail(field, node, "must be between 0 and " + (long) MAX_MAGNITUDE);
        }
        return node.longValue();
    }

    /** A finite number in [min, max]. */
    double number(String field, double min, double max) {
        JsonNode node = present(field);
        if (node == null) {
            return 0;
        }
        if (!node.isNumber()) {
            return fail(field, node, "must be a number");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            return fail(field, node, "must be a finite number");
        }
        if (value < min || value > max) {
            return fail(field, node, "must be between " + format(min) + " and " + format(max));
        }
        return value;
    }

    /** A number ≥ 0, bounded only by sanity. */
    double nonNegative(String field) {
        return number(field, 0, MAX_MAGNITUDE);
    }

    /** An ISO-8601 instant, with an offset ({@code 2026-11-25T10:00:00Z}). */
    Instant instant(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            fail(field, node, "must be an ISO-8601 timestamp");
            return null;
        }
        try {
            return OffsetDateTime.parse(node.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            fail(field, node, "must be an ISO-8601 timestamp");
            return null;
        }
    }

    /** The text of one of the given constants. */
    <E extends Enum<E>> E constant(String field, Class<E> type) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        for (E candidate : type.getEnumConstants()) {
            if (node.isTextual() && candidate.name().equals(node.textValue())) {
                return candidate;
            }
        }
        fail(field, node, "must be one of " + Arrays.toString(type.getEnumConstants()));
        return null;
    }

    /** Optional text: null when absent. */
    String optionalText(String field) {
        JsonNode node = payload.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private JsonNode present(String field) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull() || node.isMissingNode()) {
            errors.add(new FieldError(field, null, "is required"));
            return null;
        }
        return node;
    }

    private int fail(String field, JsonNode node, String rule) {
        String text = node.toString();
        // A 10 MB string must not end up in a header or a log line.
        errors.add(new FieldError(field, abbreviate(text, 80), rule));
        return 0;
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }
}
