package dev.pulse.processor.gate;

import static dev.pulse.common.text.Abbreviation.abbreviate;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.EngineId;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.validate.FieldError;
import dev.pulse.common.validate.ReadingValidator;
import dev.pulse.common.validate.Validation;
import dev.pulse.processor.deadletter.DeadLetterReason;
import dev.pulse.processor.gate.GatedReading.Rejected;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the bytes of one raw record into a {@link GatedReading}. The checks run in a fixed order and the first that
 * fails names the reason: null-key, null-value, invalid-json, invalid-reading, invalid-engine-id, key-mismatch,
 * mapping-failed, validation-failed. Within one step, every broken field is reported. (The engine cap, engine-limit, is
 * the gate's, as it needs the instance's live engines.)
 */
public final class RawReadingParser {
    /** The most characters of a bad value quoted in its error. */
    private static final int QUOTED_LENGTH = 80;

    /** The one place where bytes meet JSON: everything that can go wrong ends as a {@link Rejected}. */
    public GatedReading parse(byte[] key, byte[] value) {
        if (key == null) {
            return new Rejected(null, value, DeadLetterReason.NULL_KEY, "key", "key is required (the engine id)");
        }
        if (value == null) {
            return new Rejected(key, null, DeadLetterReason.NULL_VALUE, "$", "value is required (a raw reading)");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(value);
        } catch (JacksonException e) {
            return new Rejected(key, value, DeadLetterReason.INVALID_JSON, "$", e.getOriginalMessage());
        } catch (IOException e) {
            return new Rejected(key, value, DeadLetterReason.INVALID_JSON, "$", e.getMessage());
        }
        if (tree == null || tree.isMissingNode() || !tree.isObject()) {
            return new Rejected(key, value, DeadLetterReason.INVALID_READING, "$", "must be a JSON object");
        }
        return readEnvelope(key, value, tree);
    }

    private GatedReading readEnvelope(byte[] key, byte[] value, JsonNode tree) {
        List<FieldError> errors = new ArrayList<>();
        String engineId = text(tree, "engine_id", errors);
        ReadingKind kind = kind(tree, errors);
        long run = run(tree, errors);
        long sequence = sequence(tree, errors);
        Instant collectedAt = instant(tree, "collected_at", errors);
        JsonNode payload = tree.get("payload");
        if (payload == null || payload.isNull()) {
            errors.add(new FieldError("payload", null, "is required"));
        }
        if (!errors.isEmpty()) {
            return new Rejected(key, value, DeadLetterReason.INVALID_READING, fields(errors), describe(errors));
        }
        if (!EngineId.isValid(engineId)) {
            return new Rejected(
                    key,
                    value,
                    DeadLetterReason.INVALID_ENGINE_ID,
                    "engine_id",
                    "engine_id '" + abbreviate(engineId, QUOTED_LENGTH) + "' must be " + EngineId.DESCRIPTION);
        }
        String keyText = new String(key, StandardCharsets.UTF_8);
        if (!keyText.equals(engineId)) {
            return new Rejected(
                    key,
                    value,
                    DeadLetterReason.KEY_MISMATCH,
                    "key,engine_id",
                    "key '" + abbreviate(keyText, QUOTED_LENGTH) + "' differs from engine_id '"
                            + abbreviate(engineId, QUOTED_LENGTH) + "'");
        }
        JsonNode mappingError = tree.get("mapping_error");
        if (mappingError != null && !mappingError.isNull()) {
            return new Rejected(
                    key,
                    value,
                    DeadLetterReason.MAPPING_FAILED,
                    "mapping_error",
                    mappingError.isTextual() ? mappingError.textValue() : mappingError.toString());
        }
        if (kind == ReadingKind.STATUS) {
            return switch (ReadingValidator.validateStatus(payload)) {
                case Validation.Valid<EngineStatus> v ->
                    new GatedReading.StatusReport(engineId, run, sequence, collectedAt, v.value());
                case Validation.Invalid<EngineStatus> i ->
                    new Rejected(key, value, DeadLetterReason.VALIDATION_FAILED, i.fields(), i.describe());
            };
        }
        StreamName stream = StreamName.forKind(kind).orElseThrow();
        return switch (ReadingValidator.validate(stream, payload)) {
            case Validation.Valid<StreamValues> v ->
                new GatedReading.Measurement(engineId, stream, run, sequence, collectedAt, v.value());
            case Validation.Invalid<StreamValues> i ->
                new Rejected(key, value, DeadLetterReason.VALIDATION_FAILED, i.fields(), i.describe());
        };
    }

    private static String text(JsonNode tree, String field, List<FieldError> errors) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, null, "is required"));
            return null;
        }
        if (!node.isTextual() || node.textValue().isBlank()) {
            errors.add(new FieldError(field, abbreviate(node.toString(), QUOTED_LENGTH), "must be a non-blank string"));
            return null;
        }
        return node.textValue();
    }

    private static ReadingKind kind(JsonNode tree, List<FieldError> errors) {
        String text = text(tree, "kind", errors);
        if (text == null) {
            return null;
        }
        return ReadingKind.parse(text).orElseGet(() -> {
            errors.add(new FieldError(
                    "kind",
                    abbreviate(tree.get("kind").toString(), QUOTED_LENGTH),
                    "must be one of system, memory, graph, status"));
            return null;
        });
    }

    /** Optional: producers other than the collector may leave it out (0). */
    private static long run(JsonNode tree, List<FieldError> errors) {
        JsonNode node = tree.get("run");
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            errors.add(new FieldError("run", abbreviate(node.toString(), QUOTED_LENGTH), "must be a whole number ≥ 0"));
            return 0;
        }
        return node.longValue();
    }

    private static long sequence(JsonNode tree, List<FieldError> errors) {
        JsonNode node = tree.get("sequence");
        if (node == null || node.isNull()) {
            errors.add(new FieldError("sequence", null, "is required"));
        } else if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1) {
            errors.add(new FieldError(
                    "sequence", abbreviate(node.toString(), QUOTED_LENGTH), "must be a whole number ≥ 1"));
        } else {
            return node.longValue();
        }
        return 0;
    }

    private static Instant instant(JsonNode tree, String field, List<FieldError> errors) {
        String text = text(tree, field, errors);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(
                    field,
                    abbreviate(tree.get(field).toString(), QUOTED_LENGTH),
                    "must be an ISO-8601 timestamp with offset"));
            return null;
        }
    }

    private static String fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).distinct().collect(Collectors.joining(","));
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
    }
}
