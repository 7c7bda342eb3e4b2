package dev.pulse.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How far one field of an engine is past its thresholds, in rising order. */
public enum AlertLevel {
    /** Within every bound. */
    OK,
    /** Past the warning bound. */
    WARNING,
    /** Past the critical bound. */
    CRITICAL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static AlertLevel fromWire(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException("unknown alert level: " + name));
    }

    public static Optional<AlertLevel> parse(String name) {
        return Arrays.stream(values()).filter(l -> l.wireName().equals(name)).findFirst();
    }
}
