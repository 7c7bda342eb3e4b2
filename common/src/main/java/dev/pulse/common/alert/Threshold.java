package dev.pulse.common.alert;

import dev.pulse.common.model.AlertLevel;
import dev.pulse.common.model.StreamName;
import java.util.Objects;

/**
 * One rule: a contract field past a bound is at a level ({@code analytics.cpu_usage>90:warning}).
 *
 * @param stream the stream of the field
 * @param field a numeric contract field of that stream
 * @param operator the comparison
 * @param bound the bound, within the field's range
 * @param level WARNING or CRITICAL
 */
public record Threshold(StreamName stream, String field, ThresholdOperator operator, double bound, AlertLevel level) {
    public Threshold {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(level, "level");
        if (level == AlertLevel.OK || !Double.isFinite(bound)) {
            throw new IllegalArgumentException("a threshold is WARNING or CRITICAL with a finite bound");
        }
    }

    public boolean breached(double value) {
        return operator.breached(value, bound);
    }

    /** The rule in the syntax it is written in. */
    @Override
    public String toString() {
        return stream.wireName() + "." + field + operator.symbol() + ThresholdSyntax.number(bound) + ":"
                + level.wireName();
    }
}
