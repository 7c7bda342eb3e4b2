package dev.pulse.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.FieldStats;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.model.StreamValues;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Windows of 60 s with 5 s grace (the defaults); the clock starts at a minute boundary. */
class WindowTopologyTest {
    private static final Instant T = TopologyFixture.START;
    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldCarryTheStatisticsOfTheCurrentWindowInEveryEvent() {
        // given cpu 1..20 % observed at T+0 s..T+19 s
        for (int i = 1; i <= 20; i++) {
            fixture.send("e1", "system", i, T, Readings.system(i, T.plusSeconds(i - 1)));
        }

        // then the last event's window: hand-computed over 1..20
        List<StreamEvent<StreamValues>> events = fixture.events(StreamName.ANALYTICS);
        StreamEvent<StreamValues> last = events.getLast();
        assertThat(last.window().start()).isEqualTo(T);
        assertThat(last.window().end()).isEqualTo(T.plusSeconds(60));
        assertThat(last.window().count()).isEqualTo(20);
        assertThat(last.window().fields().get("cpu_usage")).isEqualTo(new FieldStats(1, 20, 10.5, 19));
        assertThat(last.window().fields().get("active_nodes")).isEqualTo(new FieldStats(120, 120, 120, 120));
        assertThat(last.window().fields())
                .containsOnlyKeys(
                        "active_nodes",
                        "active_edges",
                        "query_rate",
                        "cache_hit_rate",
                        "memory_usage",
                        "cpu_usage",
                        "response_time");
        assertThat(last.lastWindow()).isNull();
        // and each event saw the window as it was then
        assertThat(events.get(1).window().count()).isEqualTo(2);
        assertThat(events.get(1).window().fields().get("cpu_usage")).isEqualTo(new FieldStats(1, 2, 1.5, 2));
    }

    @Test
    void shouldCompleteAWindowWhenANewerReadingPassesItsGrace() {
        // given readings in [T, T+60 s): 10, 30, 50
        fixture.send("e1", "system", 1, T, Readings.system(10, T.plusSeconds(5)));
        fixture.send("e1", "system", 2, T, Readings.system(30, T.plusSeconds(25)));
        fixture.send("e1", "system", 3, T, Readings.system(50, T.plusSeconds(45)));
        // and one just after the end, still inside the grace: the old window stays open
        fixture.send("e1", "system", 4, T, Readings.system(70, T.plusSeconds(62)));
        // and a late one for the old window, within grace
        fixture.send("e1", "system", 5, T, Readings.system(90, T.plusSeconds(59)));

        // when a reading passes end + grace
        fixture.send("e1", "system", 6, T, Readings.system(20, T.plusSeconds(66)));

        // then
        List<StreamEvent<StreamValues>> events = fixture.events(StreamName.ANALYTICS);
        assertThat(events.get(4).lastWindow()).isNull();
        StreamEvent<StreamValues> last = events.getLast();
        assertThat(last.lastWindow().start()).isEqualTo(T);
        assertThat(last.lastWindow().count()).isEqualTo(4);
        assertThat(last.lastWindow().fields().get("cpu_usage")).isEqualTo(new FieldStats(10, 90, 45, 90));
        assertThat(last.window().start()).isEqualTo(T.plusSeconds(60));
        assertThat(last.window().count()).isEqualTo(2);
        assertThat(last.window().fields().get("cpu_usage")).isEqualTo(new FieldStats(20, 70, 45, 70));
    }

    @Test
    void shouldLeaveOutAReadingWhoseWindowHasClosed() {
        fixture.send("e1", "system", 1, T, Readings.system(10, T.plusSeconds(5)));
        fixture.send("e1", "system", 2, T, Readings.system(30, T.plusSeconds(70)));

        fixture.send("e1", "system", 3, T, Readings.system(99, T.plusSeconds(30)));

        StreamEvent<StreamValues> last = fixture.events(StreamName.ANALYTICS).getLast();
        assertThat(last.status()).isEqualTo(EventStatus.LIVE);
        assertThat(last.lastWindow().count()).isEqualTo(1);
        assertThat(last.window().count()).isEqualTo(1);
        assertThat(fixture.counter("pulse.processor.late.readings", "stream", "analytics"))
                .isEqualTo(1);
    }

    @Test
    void shouldCloseAWindowByWallClockWhenTheStreamFallsSilent() {
        // given two readings at T+0 s and T+10 s (event time), arriving at wall-clock T
        fixture.send("e1", "memory", 1, T, Readings.memory(100, T));
        fixture.send("e1", "memory", 2, T, Readings.memory(300, T.plusSeconds(10)));
        fixture.events(StreamName.MEMORY);

        // when the wall clock runs on 54 s: the last STALE repeat (at 41 s) saw event time at most T+51 s, before
        // end + grace
        fixture.advanceStepwise(Duration.ofSeconds(54));
        StreamEvent<StreamValues> before = fixture.events(StreamName.MEMORY).getLast();

        // and then to the next repeat (71 s, backing off), past T+65 s
        fixture.advanceStepwise(Duration.ofSeconds(18));
        StreamEvent<StreamValues> after = fixture.events(StreamName.MEMORY).getLast();

        // then the STALE events carry first the open window, then the completed one
        assertThat(before.status()).isEqualTo(EventStatus.STALE);
        assertThat(before.window().count()).isEqualTo(2);
        assertThat(before.lastWindow()).isNull();
        assertThat(after.status()).isEqualTo(EventStatus.STALE);
        assertThat(after.window()).isNull();
        assertThat(after.lastWindow().start()).isEqualTo(T);
        assertThat(after.lastWindow().count()).isEqualTo(2);
        assertThat(after.lastWindow().fields().get("total_memories")).isEqualTo(new FieldStats(100, 300, 200, 300));
    }
}
