package dev.pulse.simulator.fault;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What an injected fault does to an engine's endpoints. */
public enum FaultMode {
    /** Every endpoint, {@code /health} too, aborts the connection without an answer. */
    DOWN,
    /** Every endpoint answers 503. */
    UNAVAILABLE,
    /** Every endpoint answers correctly after {@code delay_ms}. */
    SLOW,
    /** The data endpoints answer 200 with a body that is not JSON; {@code /health} stays fine. */
    MALFORMED,
    /** The data endpoints answer JSON whose fields have the wrong types. */
    WRONG_TYPES,
    /** The data endpoints answer JSON whose values are outside their valid ranges. */
    OUT_OF_RANGE,
    /** DOWN and healthy in turns, {@code period_ms} each, starting DOWN. */
    FLAPPING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FaultMode> parse(String text) {
        return Arrays.stream(values()).filter(m -> m.wireName().equals(text)).findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(FaultMode::wireName).collect(Collectors.joining("|"));
    }
}
