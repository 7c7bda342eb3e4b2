package dev.pulse.common.validate;

import java.util.Objects;

/**
 * One field of a stream's contract: its wire name, what kind of value it holds and its range. The one home of the
 * contract's field names; the validator, the values' {@code numericFields()} and the collector's adapters read them
 * from {@link ContractFields}.
 *
 * @param name the wire name ({@code cpu_usage})
 * @param type what the value is
 * @param min the smallest valid value (numbers only)
 * @param max the largest valid value (numbers only)
 */
public record ContractField(String name, Type type, double min, double max) {
    /** Beyond this, a count or magnitude is treated as corrupt rather than as a reading. */
    public static final double MAX_MAGNITUDE = 1e15;

    /** What a field holds. */
    public enum Type {
        /** A whole number in [0, 1e15]. */
        COUNT,
        /** A finite number in [min, max]. */
        NUMBER,
        /** An ISO-8601 instant with an offset: when the engine took the reading. */
        TIMESTAMP
    }

    public ContractField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    static ContractField count(String name) {
        return new ContractField(name, Type.COUNT, 0, MAX_MAGNITUDE);
    }

    static ContractField number(String name, double min, double max) {
        return new ContractField(name, Type.NUMBER, min, max);
    }

    static ContractField nonNegative(String name) {
        return number(name, 0, MAX_MAGNITUDE);
    }

    static ContractField timestamp() {
        return new ContractField("timestamp", Type.TIMESTAMP, 0, 0);
    }

    public boolean isNumeric() {
        return type != Type.TIMESTAMP;
    }
}
