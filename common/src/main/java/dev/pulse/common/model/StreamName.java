package dev.pulse.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The three dashboard streams, each fed by one kind of reading and published on one topic (see PipelineTopics). */
public enum StreamName {
    ANALYTICS(ReadingKind.SYSTEM, AnalyticsValues.class),
    MEMORY(ReadingKind.MEMORY, MemoryValues.class),
    GRAPH(ReadingKind.GRAPH, GraphValues.class);

    private final ReadingKind source;
    private final Class<? extends StreamValues> valuesType;

    StreamName(ReadingKind source, Class<? extends StreamValues> valuesType) {
        this.source = source;
        this.valuesType = valuesType;
    }

    public ReadingKind source() {
        return source;
    }

    public Class<? extends StreamValues> valuesType() {
        return valuesType;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static StreamName fromWire(String name) {
        return parse(name).orElseThrow(() -> new IllegalArgumentException("unknown stream: " + name));
    }

    public static Optional<StreamName> parse(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    public static Optional<StreamName> forKind(ReadingKind kind) {
        return Arrays.stream(values()).filter(s -> s.source == kind).findFirst();
    }
}
