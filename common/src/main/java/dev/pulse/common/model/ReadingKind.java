package dev.pulse.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a raw reading holds: one of the engine's three endpoints, or the collector's view of the engine. */
public enum ReadingKind {
    SYSTEM("/api/v1/metrics/system"),
    MEMORY("/api/v1/insights/memory"),
    GRAPH("/api/v1/metrics/graph"),
    STATUS("/health");

    private final String defaultPath;

    ReadingKind(String defaultPath) {
        this.defaultPath = defaultPath;
    }

    /** The engine API path this kind is read from, unless configured otherwise. */
    public String defaultPath() {
        return defaultPath;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ReadingKind fromWire(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException("unknown reading kind: " + name));
    }

    public static Optional<ReadingKind> parse(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }
}
