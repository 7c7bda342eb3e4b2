package dev.pulse.common.json;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka serde for any type the shared {@link Json} mapper handles. Nulls pass through (tombstones); bad bytes raise
 * {@link SerializationException}, which Kafka Streams routes to its exception handlers.
 */
public final class JsonSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {
    private final JavaType type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    private JsonSerde(JavaType type) {
        this.type = type;
        this.reader = Json.mapper().readerFor(type);
        this.writer = Json.mapper().writerFor(type);
    }

    public static <T> JsonSerde<T> of(Class<T> type) {
        return new JsonSerde<>(Json.mapper().constructType(type));
    }

    public static JsonSerde<RawReading> rawReading() {
        return of(RawReading.class);
    }

    /** The serde of one dashboard topic, typed by the values that stream carries. */
    public static <V extends StreamValues> JsonSerde<StreamEvent<V>> streamEvent(StreamName stream) {
        return new JsonSerde<>(
                Json.mapper().getTypeFactory().constructParametricType(StreamEvent.class, stream.valuesType()));
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return writer.writeValueAsBytes(data);
        } catch (IOException e) {
            throw new SerializationException("cannot write " + type + " for topic " + topic, e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return reader.readValue(data);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("cannot read " + type + " from topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Configured by construction.
    }

    @Override
    public void close() {
        // Nothing to release: the mapper is shared.
    }
}
