package dev.pulse.collector.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTrackerTest {
    private final List<RawReading> produced = new ArrayList<>();
    private final StatusTracker tracker =
            new StatusTracker("engine-1", new Sequencer(1_700_000_000_000L), produced::add, Clock.systemUTC());

    @Test
    void shouldEmitAStatusReadingOnlyWhenTheStateChanges() {
        // when
        tracker.observe(EngineState.UP, null);
        tracker.observe(EngineState.UP, null);
        tracker.observe(EngineState.DOWN, "refused: Connection refused");
        tracker.observe(EngineState.DOWN, "refused: Connection refused");
        tracker.observe(EngineState.CIRCUIT_OPEN, "circuit open");
        tracker.observe(EngineState.UP, null);

        // then
        assertThat(produced).extracting(RawReading::kind).containsOnly(ReadingKind.STATUS);
        assertThat(produced).extracting(RawReading::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(produced)
                .extracting(r -> r.payload().get("state").asText())
                .containsExactly("UP", "DOWN", "CIRCUIT_OPEN", "UP");
        assertThat(produced.get(1).payload().get("error").asText()).isEqualTo("refused: Connection refused");
        assertThat(produced.get(3).payload().get("error").isNull()).isTrue();
        assertThat(produced.get(0).payload().get("since").asText()).endsWith("Z");
        assertThat(produced).extracting(RawReading::run).containsOnly(1_700_000_000_000L);
    }

    @Test
    void shouldReportAnEngineThatIsDownFromTheStartAtItsFirstPoll() {
        // when: the very first poll fails
        tracker.observe(EngineState.DOWN, "refused: Connection refused");

        // then: downstream hears of it at once, with the reason
        assertThat(produced).hasSize(1);
        assertThat(produced.getFirst().payload().get("state").asText()).isEqualTo("DOWN");
        assertThat(produced.getFirst().payload().get("error").asText()).isEqualTo("refused: Connection refused");
    }

    @Test
    void shouldEmitNothingMoreOnceRetired() {
        // given
        tracker.observe(EngineState.UP, null);

        // when: retired, then a poll that was still running reports
        tracker.observe(EngineState.RETIRED, "removed from the collector's configuration");
        tracker.observe(EngineState.DOWN, "refused: Connection refused");

        // then
        assertThat(produced).extracting(r -> r.payload().get("state").asText()).containsExactly("UP", "RETIRED");
        assertThat(tracker.retired()).isTrue();
    }
}
