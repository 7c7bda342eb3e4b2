package dev.pulse.processor.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TumblingWindowsTest {
    private final TumblingWindows windows = new TumblingWindows(Duration.ofSeconds(60), Duration.ofSeconds(5));

    @Test
    void shouldKeepAWindowOpenThroughItsGracePeriod() {
        // given a window [0, 60 s) and a reading at 62 s
        WindowState state = add(WindowState.EMPTY, 10_000, 1);
        state = add(state, 62_000, 2);

        // when a reading for the old window arrives within the grace period
        state = add(state, 59_000, 3);

        // then both windows are open and the old one counted it
        assertThat(state.open()).extracting(OpenWindow::startMs).containsExactly(0L, 60_000L);
        assertThat(state.open().getFirst().count()).isEqualTo(2);
        assertThat(state.lastCompleted()).isNull();
    }

    @Test
    void shouldCloseAWindowWhenStreamTimePassesItsEndPlusGrace() {
        WindowState state = add(add(WindowState.EMPTY, 10_000, 1), 65_000, 2);

        assertThat(state.open()).extracting(OpenWindow::startMs).containsExactly(60_000L);
        assertThat(state.lastCompleted().count()).isEqualTo(1);
        assertThat(state.closedUpToMs()).isEqualTo(60_000);
    }

    @Test
    void shouldDropAReadingWhoseWindowHasClosed() {
        WindowState state = add(add(WindowState.EMPTY, 10_000, 1), 65_000, 2);

        TumblingWindows.Added late = windows.add(state, 30_000, 0, Map.of("x", 3.0));

        assertThat(late.late()).isTrue();
        assertThat(late.state()).isEqualTo(state);
    }

    @Test
    void shouldCloseByWallClockWhenNoReadingArrives() {
        // given a reading at event time 10 s that arrived at wall-clock 1 000 000
        WindowState state = windows.add(WindowState.EMPTY, 10_000, 1_000_000, Map.of("x", 1.0))
                .state();

        // then the window [0, 60 s) closes 55 s of wall time later (60 + 5 − 10), not before
        assertThat(windows.closeExpired(state, 1_054_999).lastCompleted()).isNull();
        WindowState closed = windows.closeExpired(state, 1_055_000);
        assertThat(closed.lastCompleted().count()).isEqualTo(1);
        assertThat(closed.open()).isEmpty();
        assertThat(closed.current()).isNull();
    }

    private WindowState add(WindowState state, long eventMs, double x) {
        return windows.add(state, eventMs, 0, Map.of("x", x)).state();
    }
}
