package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.AnalyticsValues;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** STALE_AFTER 10 s, FALLBACK_INTERVAL 1 s, punctuation every 250 ms (the defaults). */
class FallbackTopologyTest {
    private static final Instant T = TopologyFixture.START;
    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldFallBackWhileTheEngineIsDownAndGoLiveWhenReadingsResume() {
        // given a good reading collected 500 ms before the clock's start
        fixture.send("e1", "system", 41, T.minusMillis(500), Readings.system(33, T.minusSeconds(1)));
        fixture.events(StreamName.ANALYTICS);
        fixture.advanceStepwise(Duration.ofSeconds(2));

        // when the collector reports the engine DOWN
        fixture.send("e1", "status", 5, fixture.now(), Readings.status("DOWN", "connection refused", fixture.now()));

        // then a FALLBACK event with the last good values follows at once
        StreamEvent<StreamValues> first = fixture.events(StreamName.ANALYTICS).getFirst();
        assertThat(first.status()).isEqualTo(EventStatus.FALLBACK);
        assertThat(first.reason()).isEqualTo("engine DOWN: connection refused");
        assertThat(first.sequence()).isEqualTo(41);
        assertThat(((AnalyticsValues) first.values()).cpuUsage()).isEqualTo(33);
        assertThat(first.observedAt()).isEqualTo(T.minusSeconds(1));
        assertThat(first.emittedAt()).isEqualTo(T.plusSeconds(2));
        assertThat(first.ageMs()).isEqualTo(2500);

        // and repeats after 1 s, then 2 s later, older each time
        fixture.advanceStepwise(Duration.ofSeconds(3));
        List<StreamEvent<StreamValues>> repeats = fixture.events(StreamName.ANALYTICS);
        assertThat(repeats).extracting(StreamEvent::status).containsOnly(EventStatus.FALLBACK);
        assertThat(repeats).extracting(StreamEvent::ageMs).containsExactly(3500L, 5500L);
        assertThat(repeats).extracting(StreamEvent::sequence).containsOnly(41L);

        // when readings resume
        fixture.send("e1", "system", 42, fixture.now(), Readings.system(44, fixture.now()));

        // then LIVE again, and no more repeats
        assertThat(fixture.events(StreamName.ANALYTICS)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(EventStatus.LIVE);
            assertThat(e.sequence()).isEqualTo(42);
            assertThat(e.reason()).isNull();
            assertThat(e.ageMs()).isZero();
        });
        fixture.advanceStepwise(Duration.ofSeconds(3));
        assertThat(fixture.events(StreamName.ANALYTICS)).isEmpty();
    }

    @Test
    void shouldGoStaleAfterSilenceAndLiveWhenAReadingArrives() {
        // given a good reading collected at T
        fixture.send("e1", "graph", 7, T, Readings.graph(500, T));
        fixture.events(StreamName.GRAPH);

        // when nothing arrives for 9.75 s: still nothing to say
        fixture.advanceStepwise(Duration.ofMillis(9750));
        assertThat(fixture.events(StreamName.GRAPH)).isEmpty();

        // when the silence reaches 10 s and goes on
        fixture.advanceStepwise(Duration.ofMillis(3250));

        // then STALE at 10 s, 11 s and 13 s (backing off), with the last good values and their age
        List<StreamEvent<StreamValues>> stale = fixture.events(StreamName.GRAPH);
        assertThat(stale).extracting(StreamEvent::status).containsOnly(EventStatus.STALE);
        assertThat(stale).extracting(StreamEvent::ageMs).containsExactly(10_000L, 11_000L, 13_000L);
        assertThat(stale)
                .extracting(StreamEvent::reason)
                .containsExactly("no reading for 10s", "no reading for 11s", "no reading for 13s");
        assertThat(stale).extracting(StreamEvent::sequence).containsOnly(7L);
        assertThat(stale.getFirst().observedAt()).isEqualTo(T);

        // when a reading arrives
        fixture.send("e1", "graph", 8, fixture.now(), Readings.graph(501, fixture.now()));

        // then LIVE, and quiet after it
        assertThat(fixture.events(StreamName.GRAPH))
                .extracting(StreamEvent::status)
                .containsExactly(EventStatus.LIVE);
        fixture.advanceStepwise(Duration.ofSeconds(5));
        assertThat(fixture.events(StreamName.GRAPH)).isEmpty();
    }

    @Test
    void shouldSayTheCircuitIsOpenInEveryStreamOfTheEngine() {
        fixture.send("e1", "system", 1, T, Readings.system(1, T));
        fixture.send("e1", "memory", 1, T, Readings.memory(1, T));
        fixture.send("e1", "graph", 1, T, Readings.graph(1, T));
        for (StreamName stream : StreamName.values()) {
            fixture.events(stream);
        }

        fixture.send("e1", "status", 2, T, Readings.status("CIRCUIT_OPEN", null, T));

        for (StreamName stream : StreamName.values()) {
            assertThat(fixture.events(stream)).singleElement().satisfies(e -> {
                assertThat(e.status()).isEqualTo(EventStatus.FALLBACK);
                assertThat(e.reason()).isEqualTo("circuit open");
            });
        }
    }

    @Test
    void shouldStopRepeatingOnUpWithoutEmittingAndGoStaleIfNoReadingFollows() {
        // given an engine down for a while
        fixture.send("e1", "system", 1, T, Readings.system(1, T));
        fixture.send("e1", "status", 1, T, Readings.status("DOWN", "timeout", T));
        fixture.advanceStepwise(Duration.ofSeconds(2));
        fixture.events(StreamName.ANALYTICS);

        // when it is reported UP
        fixture.send("e1", "status", 2, fixture.now(), Readings.status("UP", null, fixture.now()));

        // then nothing is said until STALE_AFTER has passed without a reading
        assertThat(fixture.events(StreamName.ANALYTICS)).isEmpty();
        fixture.advanceStepwise(Duration.ofMillis(9750));
        assertThat(fixture.events(StreamName.ANALYTICS)).isEmpty();
        fixture.advanceStepwise(Duration.ofMillis(250));
        assertThat(fixture.events(StreamName.ANALYTICS)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(EventStatus.STALE);
            assertThat(e.ageMs()).isEqualTo(12_000);
        });
    }

    @Test
    void shouldTellANewReasonAtOnce() {
        fixture.send("e1", "system", 1, T, Readings.system(1, T));
        fixture.send("e1", "status", 1, T, Readings.status("DOWN", "timeout", T));
        fixture.send("e1", "status", 2, T, Readings.status("DOWN", "timeout", T));
        fixture.send("e1", "status", 3, T, Readings.status("CIRCUIT_OPEN", "5 failures", T));

        assertThat(fixture.events(StreamName.ANALYTICS))
                .extracting(StreamEvent::reason)
                .containsExactly(null, "engine DOWN: timeout", "circuit open: 5 failures");
    }

    @Test
    void shouldSayNoDataYetOnEveryStreamOfAnEngineDownFromTheStart() {
        // when the collector reports an engine DOWN that has never produced a valid reading
        fixture.send("e1", "status", 1, T, Readings.status("DOWN", "connection refused", T));

        // then each stream says so at once: FALLBACK without values
        for (StreamName stream : StreamName.values()) {
            assertThat(fixture.events(stream)).singleElement().satisfies(e -> {
                assertThat(e.status()).isEqualTo(EventStatus.FALLBACK);
                assertThat(e.values()).isNull();
                assertThat(e.sequence()).isZero();
                assertThat(e.run()).isZero();
                assertThat(e.observedAt()).isNull();
                assertThat(e.ageMs()).isZero();
                assertThat(e.window()).isNull();
                assertThat(e.reason()).isEqualTo("no data yet: engine DOWN: connection refused");
            });
        }

        // and it repeats like any fallback, backing off
        fixture.advanceStepwise(Duration.ofSeconds(7));
        for (StreamName stream : StreamName.values()) {
            assertThat(fixture.events(stream))
                    .extracting(StreamEvent::emittedAt)
                    .containsExactly(T.plusSeconds(1), T.plusSeconds(3), T.plusSeconds(7));
        }

        // when the first good reading arrives on one stream
        fixture.send("e1", "system", 1, fixture.now(), Readings.system(20, fixture.now()));

        // then that stream is LIVE with values, the others still have no data
        assertThat(fixture.events(StreamName.ANALYTICS)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(EventStatus.LIVE);
            assertThat(e.values()).isNotNull();
            assertThat(e.sequence()).isEqualTo(1);
        });
        fixture.advanceStepwise(Duration.ofSeconds(8));
        assertThat(fixture.events(StreamName.ANALYTICS)).isEmpty();
        assertThat(fixture.events(StreamName.MEMORY)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(EventStatus.FALLBACK);
            assertThat(e.values()).isNull();
            assertThat(e.emittedAt()).isEqualTo(T.plusSeconds(15));
        });
    }

    @Test
    void shouldSayNoDataYetWhenAnEngineIsUpButNoValidReadingComes() {
        fixture.send("e1", "status", 1, T, Readings.status("UP", null, T));
        fixture.advanceStepwise(Duration.ofMillis(9750));
        assertThat(fixture.events(StreamName.GRAPH)).isEmpty();

        fixture.advanceStepwise(Duration.ofMillis(250));

        assertThat(fixture.events(StreamName.GRAPH)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(EventStatus.FALLBACK);
            assertThat(e.values()).isNull();
            assertThat(e.reason()).isEqualTo("no data yet: no valid reading for 10s");
        });
    }
}
