package dev.pulse.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.processor.window.TumblingWindows;
import dev.pulse.processor.window.WindowState;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowStateSerdeTest {
    private final WindowStateSerde serde = new WindowStateSerde();

    @Test
    void shouldRoundTripOpenAndCompletedWindows() {
        // given a state with a completed window and two open ones
        TumblingWindows windows = new TumblingWindows(Duration.ofSeconds(60), Duration.ofSeconds(5));
        WindowState state = WindowState.EMPTY;
        long[] times = {1_000, 30_000, 66_000, 119_000, 121_000};
        for (long t : times) {
            state = windows.add(state, t, 5_000 + t, Map.of("cpu_usage", t / 1000.0, "active_nodes", 3.0)).state();
        }

        // when
        WindowState copy = serde.deserialize("t", serde.serialize("t", state));

        // then
        assertThat(copy).isEqualTo(state);
        assertThat(copy.lastCompleted()).isNotNull();
        assertThat(copy.open()).hasSize(2);
    }

    @Test
    void shouldRoundTripTheEmptyStateAndPassNullThrough() {
        assertThat(serde.deserialize("t", serde.serialize("t", WindowState.EMPTY))).isEqualTo(WindowState.EMPTY);
        assertThat(serde.serialize("t", null)).isNull();
        assertThat(serde.deserialize("t", null)).isNull();
    }
}
