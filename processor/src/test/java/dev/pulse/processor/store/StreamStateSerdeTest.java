package dev.pulse.processor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pulse.common.json.Json;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import dev.pulse.processor.Readings;
import dev.pulse.processor.lastgood.LastGood;
import dev.pulse.processor.window.TumblingWindows;
import dev.pulse.processor.window.WindowState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StreamStateSerdeTest {
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private final StreamStateSerde serde = new StreamStateSerde();

    @Test
    void shouldRoundTripWindowsAndLastGoodValuesOfEveryStream() throws JsonProcessingException {
        // given a state with a completed window, two open ones and values in an outage
        TumblingWindows windows = new TumblingWindows(Duration.ofSeconds(60), Duration.ofSeconds(5));
        WindowState windowState = WindowState.EMPTY;
        for (long t : new long[] {1_000, 30_000, 66_000, 119_000, 121_000}) {
            windowState = windows.add(windowState, t, 5_000 + t, Map.of("cpu_usage", t / 1000.0, "active_nodes", 3.0))
                    .state();
        }
        for (StreamName stream : StreamName.values()) {
            LastGood<StreamValues> lastGood = LastGood.live(valuesOf(stream), 1_764_000_000_000L, 7, T, 1_000)
                    .withReport(new EngineStatus(EngineState.DOWN, "connection refused", T), 2_000)
                    .emitted(EventStatus.FALLBACK, 3_000, 4_000);
            StreamState state = new StreamState(stream, lastGood, windowState);

            // when
            StreamState copy = serde.deserialize("t", serde.serialize("t", state));

            // then
            assertThat(copy).isEqualTo(state);
            assertThat(copy.windows().open()).hasSize(2);
            assertThat(copy.windows().lastCompleted()).isNotNull();
        }
    }

    @Test
    void shouldKeepTheLastGoodValuesReadableAsJson() throws JsonProcessingException {
        StreamState state =
                StreamState.empty(StreamName.MEMORY).with(LastGood.live(valuesOf(StreamName.MEMORY), 9, 3, T, 1_000));

        assertThat(new String(serde.serialize("t", state), StandardCharsets.ISO_8859_1))
                .contains("\"sequence\":3", "\"run\":9");
    }

    @Test
    void shouldRoundTripTheEmptyStateAndPassNullThrough() {
        assertThat(serde.deserialize("t", serde.serialize("t", StreamState.empty(StreamName.GRAPH))))
                .isEqualTo(StreamState.empty(StreamName.GRAPH));
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }

    @Test
    void shouldReadStateWrittenBeforeRunAndBackOffExisted() throws JsonProcessingException {
        // given the bytes an earlier processor wrote: the same layout, its JSON without run, valid_at_ms and
        // repeat_after_ms
        StreamState current =
                StreamState.empty(StreamName.GRAPH).with(LastGood.live(valuesOf(StreamName.GRAPH), 5, 7, T, 1_000));
        byte[] bytes = serde.serialize("t", current);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int json = text.indexOf("{\"values\"");
        String oldJson = "{\"values\":" + Json.mapper().writeValueAsString(valuesOf(StreamName.GRAPH))
                + ",\"sequence\":7,\"collected_at\":\"" + T + "\",\"fresh_since_ms\":1000,\"outage\":null,"
                + "\"status\":\"STALE\",\"emitted_at_ms\":12000}";
        byte[] old = (text.substring(0, json) + oldJson).getBytes(StandardCharsets.ISO_8859_1);

        // when
        LastGood<StreamValues> read = serde.deserialize("t", old).lastGood();

        // then the values and sequence are there, the run is 0, silence counts from the last fresh reading
        assertThat(read.values()).isEqualTo(current.lastGood().values());
        assertThat(read.sequence()).isEqualTo(7);
        assertThat(read.run()).isZero();
        assertThat(read.status()).isEqualTo(EventStatus.STALE);
        assertThat(read.validSinceMs()).isEqualTo(1_000);
        assertThat(read.repeatAfterMs()).isZero();
    }

    @Test
    void shouldRefuseBytesOfAnotherFormat() {
        assertThatThrownBy(() -> serde.deserialize("t", "{\"values\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void shouldSplitTheKeyAtTheFirstSlash() {
        assertThat(StreamState.engineId(StreamState.key(StreamName.GRAPH, "eu/engine-1")))
                .isEqualTo("eu/engine-1");
    }

    private static StreamValues valuesOf(StreamName stream) throws JsonProcessingException {
        var payload = switch (stream) {
            case ANALYTICS -> Readings.system(10, T);
            case MEMORY -> Readings.memory(10, T);
            case GRAPH -> Readings.graph(10, T);
        };
        return Json.mapper().treeToValue(payload, stream.valuesType());
    }
}
