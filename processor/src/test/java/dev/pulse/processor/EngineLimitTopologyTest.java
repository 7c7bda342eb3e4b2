package dev.pulse.processor;

import static dev.pulse.processor.DeadLetterTopologyTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.processor.deadletter.DeadLetterHeaders;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** PROCESSOR_MAX_ENGINES 2 here. */
class EngineLimitTopologyTest {
    private static final Instant T = TopologyFixture.START;
    private final TopologyFixture fixture = new TopologyFixture(Map.of("PROCESSOR_MAX_ENGINES", "2"));

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldDeadLetterReadingsOfNewEnginesPastTheCapAndKeepServingTheLiveOnes() {
        // given two live engines
        fixture.send("e1", "system", 1, T, Readings.system(10, T));
        fixture.send("e2", "status", 1, T, Readings.status("DOWN", "refused", T));
        assertThat(liveEngines()).isEqualTo(2);

        // when a third engine sends readings
        fixture.send("e3", "system", 1, T, Readings.system(10, T));
        fixture.send("e3", "status", 1, T, Readings.status("DOWN", "refused", T));

        // then they are dead letters with the reason, counted; the live engines go on
        assertThat(fixture.dlq.readRecordsToList()).hasSize(2).allSatisfy((TestRecord<byte[], byte[]> letter) -> {
            assertThat(header(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo("engine-limit");
            assertThat(header(letter.headers(), DeadLetterHeaders.FIELDS)).isEqualTo("engine_id");
            assertThat(header(letter.headers(), DeadLetterHeaders.DETAIL)).contains("PROCESSOR_MAX_ENGINES");
        });
        assertThat(fixture.counter("pulse.processor.dlq.records", "reason", "engine-limit"))
                .isEqualTo(2);
        fixture.send("e1", "system", 2, T, Readings.system(11, T));
        assertThat(fixture.events(StreamName.ANALYTICS))
                .extracting(StreamEvent::engineId)
                .containsExactly("e1", "e2", "e1");
    }

    @Test
    void shouldMakeRoomWhenAnEngineRetires() {
        // given the cap reached
        fixture.send("e1", "system", 1, T, Readings.system(10, T));
        fixture.send("e2", "system", 1, T, Readings.system(10, T));

        // when one engine retires
        fixture.send("e1", "status", 2, T, Readings.status("RETIRED", null, T));
        assertThat(liveEngines()).isEqualTo(1);

        // then a new engine is accepted, and the retired one would be refused as new
        fixture.send("e3", "system", 1, T, Readings.system(10, T));
        fixture.send("e1", "system", 3, T, Readings.system(10, T));
        assertThat(fixture.events(StreamName.ANALYTICS))
                .filteredOn(e -> e != null && e.status() == EventStatus.LIVE)
                .extracting(StreamEvent::engineId)
                .containsExactly("e1", "e2", "e3");
        assertThat(fixture.dlq.readRecordsToList())
                .singleElement()
                .satisfies(letter -> assertThat(header(letter.headers(), DeadLetterHeaders.REASON))
                        .isEqualTo("engine-limit"));
    }

    @Test
    void shouldLetARetirementThroughWhenTheCapIsReached() {
        fixture.send("e1", "system", 1, T, Readings.system(10, T));
        fixture.send("e2", "system", 1, T, Readings.system(10, T));

        fixture.send("e9", "status", 1, T, Readings.status("RETIRED", null, T));

        assertThat(fixture.dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldFreeTheRoomOfItsEnginesWhenTheTaskCloses() {
        fixture.send("e1", "system", 1, T, Readings.system(10, T));
        fixture.send("e2", "system", 1, T, Readings.system(10, T));

        fixture.close();

        assertThat(liveEngines()).isZero();
    }

    private double liveEngines() {
        return fixture.metrics
                .registry()
                .get("pulse.processor.live.engines")
                .gauge()
                .value();
    }
}
