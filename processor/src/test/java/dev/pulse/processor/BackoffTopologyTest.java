package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamName;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** FALLBACK_INTERVAL 1 s, FALLBACK_REPEAT_MAX 30 s, punctuation every 250 ms (the defaults). */
class BackoffTopologyTest {
    private static final Instant T = TopologyFixture.START;
    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldDoubleTheIntervalBetweenRepeatsUpToTheMaximum() {
        // given an engine with values, reported DOWN at T
        fixture.send("e1", "system", 1, T, Readings.system(10, T));
        fixture.send("e1", "status", 1, T, Readings.status("DOWN", "timeout", T));

        // when two minutes pass
        fixture.advanceStepwise(Duration.ofSeconds(120));

        // then the fallback is told at once, then after 1, 2, 4, 8, 16 s and every 30 s from there
        assertThat(fixture.events(StreamName.ANALYTICS))
                .filteredOn(e -> e.status() == EventStatus.FALLBACK)
                .extracting(e -> Duration.between(T, e.emittedAt()).toSeconds())
                .containsExactly(0L, 1L, 3L, 7L, 15L, 31L, 61L, 91L);
    }

    @Test
    void shouldSendANewReasonAtOnceAndStartTheBackOffAgain() {
        // given a fallback repeated for a while (at 0, 1, 3, 7 s)
        fixture.send("e1", "system", 1, T, Readings.system(10, T));
        fixture.send("e1", "status", 1, T, Readings.status("DOWN", "timeout", T));
        fixture.advanceStepwise(Duration.ofSeconds(10));
        assertThat(fixture.events(StreamName.ANALYTICS)).hasSize(5);

        // when the reason changes
        fixture.send("e1", "status", 2, fixture.now(), Readings.status("CIRCUIT_OPEN", "5 failures", fixture.now()));
        fixture.advanceStepwise(Duration.ofSeconds(4));

        // then it is sent at once and repeats after 1 s, then 2 s
        assertThat(fixture.events(StreamName.ANALYTICS))
                .extracting(e -> Duration.between(T, e.emittedAt()).toSeconds() + "s " + e.reason())
                .containsExactly(
                        "10s circuit open: 5 failures", "11s circuit open: 5 failures", "13s circuit open: 5 failures");
    }

    @Test
    void shouldStartTheBackOffAgainWhenTheStatusChanges() {
        // given a fallback that has backed off to 4 s (sent at 0, 1, 3, 7 s)
        fixture.send("e1", "graph", 1, T, Readings.graph(10, T));
        fixture.send("e1", "status", 1, T, Readings.status("DOWN", "timeout", T));
        fixture.advanceStepwise(Duration.ofSeconds(8));
        fixture.events(StreamName.GRAPH);

        // when the engine is back UP at 8 s but sends nothing
        fixture.send("e1", "status", 2, fixture.now(), Readings.status("UP", null, fixture.now()));
        fixture.advanceStepwise(Duration.ofSeconds(13));

        // then STALE 10 s after UP, repeated 1 s and then 2 s later
        assertThat(fixture.events(StreamName.GRAPH))
                .extracting(e -> Duration.between(T, e.emittedAt()).toSeconds())
                .containsExactly(18L, 19L, 21L);
    }

    @Test
    void shouldSettleAtThreeEventsPerEngineEveryMaximumIntervalWithAThousandEnginesDown() {
        // given 1,000 engines down from the start
        int engines = 1_000;
        for (int i = 0; i < engines; i++) {
            fixture.send("e" + i, "status", 1, T, Readings.status("DOWN", "connection refused", T));
        }
        fixture.advanceStepwise(Duration.ofSeconds(120));
        for (StreamName stream : StreamName.values()) {
            fixture.events(stream);
        }

        // when the next minute passes
        fixture.advanceStepwise(Duration.ofSeconds(60));

        // then each stream of each engine was told twice (at 121 s and 151 s): 100 events/s
        long events = Stream.of(StreamName.values())
                .mapToLong(stream -> fixture.events(stream).size())
                .sum();
        assertThat(events).isEqualTo(engines * 3L * 2);
        assertThat(events / 60.0).isEqualTo(100.0);
    }
}
