package dev.pulse.processor.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LiveEnginesTest {
    private final LiveEngines engines = new LiveEngines(2);

    @Test
    void shouldAdmitUpToTheCapAndAlwaysTheEnginesAlreadyLive() {
        assertThat(engines.admit("a")).isTrue();
        assertThat(engines.admit("b")).isTrue();
        assertThat(engines.admit("c")).isFalse();
        assertThat(engines.admit("a")).isTrue();

        engines.release("a");

        assertThat(engines.admit("c")).isTrue();
        assertThat(engines.count()).isEqualTo(2);
    }

    @Test
    void shouldCountRestoredEnginesEvenPastTheCap() {
        engines.restore(List.of("a", "b", "c"));

        assertThat(engines.count()).isEqualTo(3);
        assertThat(engines.admit("d")).isFalse();
        engines.release("a");
        assertThat(engines.admit("d")).isFalse();
        engines.releaseAll(List.of("b", "c"));
        assertThat(engines.admit("d")).isTrue();
    }

    @Test
    void shouldLetARefusalBeLoggedAtMostOnceAMinuteWithTheCountSinceTheLastLine() {
        assertThat(engines.refusedLogDue(1_000)).isEqualTo(1);
        assertThat(engines.refusedLogDue(2_000)).isZero();
        assertThat(engines.refusedLogDue(60_999)).isZero();

        assertThat(engines.refusedLogDue(61_000)).isEqualTo(3);
        assertThat(engines.refusedLogDue(61_001)).isZero();
    }
}
