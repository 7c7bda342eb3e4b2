package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunTopologyTest {
    private static final Instant T = TopologyFixture.START;
    private static final long RUN_1 = 1_764_583_200_000L;
    private static final long RUN_2 = 1_764_583_260_000L;
    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldCarryTheRunIntoLiveEventsAndTheirFallbacks() {
        // given a reading of the collector's run 1
        send("system", RUN_1, 7, Readings.system(10, T));

        // when the engine goes down
        fixture.send(
                "e1",
                Readings.bytes(Readings.envelope("e1", "status", RUN_1, 1, T, Readings.status("DOWN", "refused", T))));
        fixture.advanceStepwise(Duration.ofSeconds(1));

        // then the live event and every fallback carry run and sequence of the values
        assertThat(fixture.events(StreamName.ANALYTICS))
                .extracting(e -> e.status() + " " + e.run() + "/" + e.sequence())
                .containsExactly("LIVE " + RUN_1 + "/7", "FALLBACK " + RUN_1 + "/7", "FALLBACK " + RUN_1 + "/7");
    }

    @Test
    void shouldCountACollectorRestartOncePerEngine() {
        // given an engine read on two streams by run 1
        send("system", RUN_1, 5, Readings.system(10, T));
        send("memory", RUN_1, 5, Readings.memory(10, T));

        // when run 2 reads both streams, starting again at 1
        send("system", RUN_2, 1, Readings.system(10, T));
        send("memory", RUN_2, 1, Readings.memory(10, T));

        // then one new run is counted, and the events say which run they are from
        assertThat(fixture.counter("pulse.processor.collector.runs")).isEqualTo(1);
        assertThat(fixture.events(StreamName.MEMORY))
                .extracting(StreamEvent::run)
                .containsExactly(RUN_1, RUN_2);
    }

    @Test
    void shouldTakeAReadingWithoutARunAsRunZero() {
        fixture.send("e1", "graph", 3, T, Readings.graph(10, T));

        assertThat(fixture.events(StreamName.GRAPH)).singleElement().satisfies(e -> {
            assertThat(e.run()).isZero();
            assertThat(e.sequence()).isEqualTo(3);
        });
        assertThat(fixture.counter("pulse.processor.collector.runs")).isZero();
    }

    private void send(String kind, long run, long sequence, ObjectNode payload) {
        fixture.send("e1", Readings.bytes(Readings.envelope("e1", kind, run, sequence, T, payload)));
    }
}
