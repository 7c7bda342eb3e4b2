package dev.pulse.common.topic;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.json.JsonSerde;
import dev.pulse.common.model.Alert;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic the pipeline reads or writes, the one home of their names. Without a prefix these are the public contract
 * other services subscribe to (schemas in docs/topics.md); with {@code TOPIC_PREFIX} every name starts with it, so
 * several deployments (or tests) can share one cluster. Every service reads the prefix from the same variable, so they
 * agree on the names.
 *
 * @param prefix prepended as is to every name ({@code "staging."} gives {@code staging.engine.readings.raw}); empty for
 *     the public names
 */
public record PipelineTopics(String prefix) {
    public static final String PREFIX_VARIABLE = "TOPIC_PREFIX";
    private static final Pattern PREFIX_RULE = Pattern.compile("[A-Za-z0-9._-]{0,200}");
    private static final String RAW = "engine.readings.raw";
    private static final String DLQ = "engine.readings.dlq";
    private static final String DASHBOARD = "dashboard.";
    private static final String ALERTS = "engine.alerts";
    // The JSON serdes are immutable (configure does nothing), so one of each serves every caller.
    private static final JsonSerde<RawReading> RAW_SERDE = JsonSerde.rawReading();
    private static final Map<StreamName, JsonSerde<StreamEvent<StreamValues>>> EVENT_SERDES = eventSerdes();
    private static final JsonSerde<Alert> ALERT_SERDE = JsonSerde.of(Alert.class);
    // After the constants above: the constructor uses them.
    /** The public names, without prefix. */
    public static final PipelineTopics PUBLIC = new PipelineTopics("");

    public PipelineTopics {
        if (prefix == null || !PREFIX_RULE.matcher(prefix).matches()) {
            throw new ConfigException(
                    PREFIX_VARIABLE, "at most 200 letters, digits, '.', '_' or '-'", String.valueOf(prefix));
        }
    }

    public static PipelineTopics fromEnv(Env env) {
        return new PipelineTopics(env.string(PREFIX_VARIABLE, ""));
    }

    /** Raw readings as collected; key = engine id. */
    public Topic<String, RawReading> raw() {
        return new Topic<>(prefix + RAW, Serdes.String(), RAW_SERDE);
    }

    /** Raw records that failed parsing or validation, their bytes unchanged, with the reason in headers. */
    public Topic<byte[], byte[]> dlq() {
        return new Topic<>(prefix + DLQ, Serdes.ByteArray(), Serdes.ByteArray());
    }

    /** The dashboard topic of one stream; key = engine id. */
    public Topic<String, StreamEvent<StreamValues>> dashboard(StreamName stream) {
        return new Topic<>(dashboardName(stream), Serdes.String(), EVENT_SERDES.get(stream));
    }

    public Topic<String, StreamEvent<StreamValues>> analytics() {
        return dashboard(StreamName.ANALYTICS);
    }

    public Topic<String, StreamEvent<StreamValues>> memory() {
        return dashboard(StreamName.MEMORY);
    }

    public Topic<String, StreamEvent<StreamValues>> graph() {
        return dashboard(StreamName.GRAPH);
    }

    /**
     * Threshold breaches and clears; key = engine id. Compacted: the latest record of an engine carries its active
     * alerts.
     */
    public Topic<String, Alert> alerts() {
        return new Topic<>(prefix + ALERTS, Serdes.String(), ALERT_SERDE);
    }

    /** The names of the three dashboard topics, in stream order. */
    public List<String> dashboardNames() {
        return Arrays.stream(StreamName.values()).map(this::dashboardName).toList();
    }

    /** The names of all six topics: raw, dead letters, the dashboard topics, then alerts. */
    public List<String> names() {
        return Stream.of(Stream.of(prefix + RAW, prefix + DLQ), dashboardNames().stream(), Stream.of(prefix + ALERTS))
                .flatMap(names -> names)
                .toList();
    }

    private static Map<StreamName, JsonSerde<StreamEvent<StreamValues>>> eventSerdes() {
        Map<StreamName, JsonSerde<StreamEvent<StreamValues>>> serdes = new EnumMap<>(StreamName.class);
        for (StreamName stream : StreamName.values()) {
            serdes.put(stream, JsonSerde.streamEvent(stream));
        }
        return serdes;
    }

    private String dashboardName(StreamName stream) {
        return prefix + DASHBOARD + stream.wireName();
    }
}
