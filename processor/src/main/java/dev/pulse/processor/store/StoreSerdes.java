package dev.pulse.processor.store;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.lastgood.LastGood;
import dev.pulse.processor.window.WindowState;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Store values as JSON through the shared mapper: the changelog topics stay readable with any
 * console consumer, which helps more in an incident than the bytes saved by a binary format.
 */
public final class StoreSerdes {
    private StoreSerdes() {}

    public static <V extends StreamValues> Serde<LastGood<V>> lastGood(StreamName stream) {
        return json(Json.mapper().getTypeFactory().constructParametricType(LastGood.class, stream.valuesType()));
    }

    public static Serde<WindowState> windowState() {
        return json(Json.mapper().constructType(WindowState.class));
    }

    private static <T> Serde<T> json(JavaType type) {
        ObjectReader reader = Json.mapper().readerFor(type);
        ObjectWriter writer = Json.mapper().writerFor(type);
        return Serdes.serdeFrom(
                (topic, data) -> {
                    try {
                        return data == null ? null : writer.writeValueAsBytes(data);
                    } catch (IOException e) {
                        throw new SerializationException("cannot write " + type + " to " + topic, e);
                    }
                },
                (topic, bytes) -> {
                    try {
                        return bytes == null ? null : reader.readValue(bytes);
                    } catch (IOException e) {
                        throw new SerializationException("cannot read " + type + " from " + topic, e);
                    }
                });
    }
}
