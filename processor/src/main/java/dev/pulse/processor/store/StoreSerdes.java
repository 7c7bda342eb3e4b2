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
 * Store value serdes. Last-known-good values are JSON through the shared mapper, so that changelog
 * stays readable with any console consumer in an incident; window samples are binary (hot path).
 */
public final class StoreSerdes {
    private StoreSerdes() {}

    public static <V extends StreamValues> Serde<LastGood<V>> lastGood(StreamName stream) {
        return json(Json.mapper().getTypeFactory().constructParametricType(LastGood.class, stream.valuesType()));
    }

    /** Binary, see {@link WindowStateSerde}: the hot path rewrites it on every reading. */
    public static Serde<WindowState> windowState() {
        return new WindowStateSerde();
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
