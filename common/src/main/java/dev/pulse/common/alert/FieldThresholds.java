package dev.pulse.common.alert;

import dev.pulse.common.model.AlertLevel;
import dev.pulse.common.model.StreamName;
import java.util.Objects;

/**
 * The rules of one field: a warning rule, a critical rule, or both (both null = the field is switched off in this
 * layer, see {@link ThresholdSet#over}).
 */
public record FieldThresholds(StreamName stream, String field, Threshold warning, Threshold critical) {
    public FieldThresholds {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(field, "field");
    }

    public static FieldThresholds off(StreamName stream, String field) {
        return new FieldThresholds(stream, field, null, null);
    }

    public boolean isOff() {
        return warning == null && critical == null;
    }

    /** The highest level whose rule the value breaches. */
    public AlertLevel levelOf(double value) {
        if (critical != null && critical.breached(value)) {
            return AlertLevel.CRITICAL;
        }
        if (warning != null && warning.breached(value)) {
            return AlertLevel.WARNING;
        }
        return AlertLevel.OK;
    }

    /** The rule of a level (null for OK or a level without a rule). */
    public Threshold rule(AlertLevel level) {
        return switch (level) {
            case OK -> null;
            case WARNING -> warning;
            case CRITICAL -> critical;
        };
    }

    /** {@code stream.field}: how rules, state and docs name a field. */
    public String key() {
        return key(stream, field);
    }

    public static String key(StreamName stream, String field) {
        return stream.wireName() + "." + field;
    }
}
