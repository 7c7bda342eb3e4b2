package dev.pulse.common.validate;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of validating a payload: its values, or every field error found. */
public sealed interface Validation<T> {

    record Valid<T>(T value) implements Validation<T> {}

    record Invalid<T>(List<FieldError> errors) implements Validation<T> {
        public Invalid {
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one error");
            }
            errors = List.copyOf(errors);
        }

        /** The failing fields, comma-separated. */
        public String fields() {
            return errors.stream().map(FieldError::field).distinct().collect(Collectors.joining(","));
        }

        /** Every error in one line, for logs and dead-letter headers. */
        public String describe() {
            return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        }
    }
}
