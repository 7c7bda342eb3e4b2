package dev.pulse.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.FieldStats;
import dev.pulse.common.model.GraphValues;
import dev.pulse.common.model.MemoryValues;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.common.model.WindowStats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void shouldRoundTripARawReadingWithTheEnginePayloadUntouched() throws Exception {
        JsonNode payload = Json.mapper().readTree("{\"active_nodes\":3,\"extra\":{\"nested\":[1,2]}}");
        RawReading reading = new RawReading("engine-1", ReadingKind.SYSTEM, 1, 7, T0, payload);
        JsonSerde<RawReading> serde = JsonSerde.rawReading();

        RawReading back = serde.deserialize("t", serde.serialize("t", reading));

        assertThat(back).isEqualTo(reading);
    }

    @Test
    void shouldWriteSnakeCaseFieldsAndIsoTimestampsOnTheWire() {
        RawReading reading = new RawReading("engine-1", ReadingKind.STATUS, 1, 1, T0, null);

        String json = new String(JsonSerde.rawReading().serialize("t", reading), StandardCharsets.UTF_8);

        assertThat(json)
                .contains(
                        "\"engine_id\":\"engine-1\"",
                        "\"kind\":\"status\"",
                        "\"collected_at\":\"2026-11-25T10:00:00Z\"");
    }

    @Test
    void shouldRoundTripAStreamEventOfEveryStream() {
        WindowStats window =
                new WindowStats(T0, T0.plusSeconds(60), 2, Map.of("density", new FieldStats(0.1, 0.3, 0.2, 0.3)));
        Map<StreamName, StreamValues> events = Map.of(
                StreamName.ANALYTICS, new AnalyticsValues(1, 2, 3.5, 0.9, 512, 42.5, 12.0, T0),
                StreamName.MEMORY, new MemoryValues(100, 5, 1.5, 4096, 0.8, T0),
                StreamName.GRAPH, new GraphValues(10, 20, 0.2, 4.0, 1, 10, T0));
        events.forEach((stream, values) -> {
            StreamEvent<StreamValues> event = new StreamEvent<>(
                    "engine-1", stream, EventStatus.LIVE, 1, 9, T0, T0.plusMillis(30), 30, null, values, window, null);
            JsonSerde<StreamEvent<StreamValues>> serde = JsonSerde.streamEvent(stream);

            assertThat(serde.deserialize("t", serde.serialize("t", event))).isEqualTo(event);
        });
    }

    @Test
    void shouldPassNullsThroughAsTombstones() {
        assertThat(JsonSerde.rawReading().serialize("t", null)).isNull();
        assertThat(JsonSerde.rawReading().deserialize("t", null)).isNull();
    }

    @Test
    void shouldRaiseSerializationExceptionForBytesThatAreNotJson() {
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> JsonSerde.rawReading().deserialize("raw", garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("raw");
    }

    @Test
    void shouldRaiseSerializationExceptionForAnUnknownKind() {
        byte[] unknownKind =
                "{\"engine_id\":\"e\",\"kind\":\"cpu\",\"sequence\":1,\"collected_at\":\"2026-11-25T10:00:00Z\"}"
                        .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> JsonSerde.rawReading().deserialize("raw", unknownKind))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldRaiseSerializationExceptionWhenARequiredFieldIsMissing() {
        byte[] noEngine = "{\"kind\":\"system\",\"sequence\":1,\"collected_at\":\"2026-11-25T10:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> JsonSerde.rawReading().deserialize("raw", noEngine))
                .isInstanceOf(SerializationException.class);
    }
}
