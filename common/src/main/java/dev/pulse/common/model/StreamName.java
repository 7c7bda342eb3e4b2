package dev.pulse.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.pulse.common.Topics;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The three dashboard streams, each fed by one kind of reading and published on one topic. */
public enum StreamName {
    ANALYTICS(ReadingKind.SYSTEM, Topics.ANALYTICS, AnalyticsValues.class),
    MEMORY(ReadingKind.MEMORY, Topics.MEMORY, MemoryValues.class),
    GRAPH(ReadingKind.GRAPH, Topics.GRAPH, GraphValues.class);

    private final ReadingKind source;
    private final String topic;
    private final Class<? extends StreamValues> valuesType;

    StreamName(ReadingKind source, String topic, Class<? extends StreamValues> valuesType) {
        this.source = source;
        this.topic = topic;
        this.valuesType = valuesType;
    }

    public ReadingKind source() {
        return source;
    }

    public String topic() {
        return topic;
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

    public static Optional<StreamName> forTopic(String topic) {
        return Arrays.stream(values()).filter(s -> s.topic.equals(topic)).findFirst();
    }
}
