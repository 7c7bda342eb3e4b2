package dev.pulse.common.validate;

/**
 * One broken rule of one field.
 *
 * @param field the wire name of the field ({@code $} for the whole payload)
 * @param value the offending value as text (JSON), or null when missing
 * @param rule what the field must be, in words
 */
public record FieldError(String field, String value, String rule) {
    @Override
    public String toString() {
        return field + "=" + value + " (" + rule + ")";
    }
}
