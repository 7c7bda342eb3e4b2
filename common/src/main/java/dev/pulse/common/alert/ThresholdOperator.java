package dev.pulse.common.alert;

import java.util.Arrays;
import java.util.Optional;

/** How a threshold compares a value with its bound. */
public enum ThresholdOperator {
    ABOVE(">"),
    AT_OR_ABOVE(">="),
    BELOW("<"),
    AT_OR_BELOW("<=");

    private final String symbol;

    ThresholdOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** True for {@code >} and {@code >=}: the bound is a ceiling. */
    public boolean upper() {
        return this == ABOVE || this == AT_OR_ABOVE;
    }

    /** Whether {@code value} is past {@code bound}. */
    public boolean breached(double value, double bound) {
        return switch (this) {
            case ABOVE -> value > bound;
            case AT_OR_ABOVE -> value >= bound;
            case BELOW -> value < bound;
            case AT_OR_BELOW -> value <= bound;
        };
    }

    public static Optional<ThresholdOperator> parse(String symbol) {
        return Arrays.stream(values()).filter(o -> o.symbol.equals(symbol)).findFirst();
    }
}
