package dev.pulse.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.validate.ReadingValidator;
import dev.pulse.common.validate.Validation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EngineModelTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void shouldProduceValidReadingsForEveryStreamOverAnHourOfSteps() {
        // given
        EngineModel model = new EngineModel("engine-1", 42, START);

        // when / then
        for (int step = 1; step <= 3_600; step++) {
            Instant now = START.plusSeconds(step);
            for (StreamName stream : StreamName.values()) {
                JsonNode reading = model.reading(stream.source(), now);
                assertThat(ReadingValidator.validate(stream, reading))
                        .as("%s at step %d: %s", stream, step, reading)
                        .isInstanceOf(Validation.Valid.class);
            }
        }
    }

    @Test
    void shouldRepeatTheSameReadingsForTheSameSeedAndEngine() {
        // given
        EngineModel first = new EngineModel("engine-1", 7, START);
        EngineModel second = new EngineModel("engine-1", 7, START);

        // when / then
        for (int step = 1; step <= 20; step++) {
            Instant now = START.plusMillis(step * 500L);
            for (ReadingKind kind : new ReadingKind[] {ReadingKind.SYSTEM, ReadingKind.MEMORY, ReadingKind.GRAPH}) {
                assertThat(first.reading(kind, now)).isEqualTo(second.reading(kind, now));
            }
        }
    }

    @Test
    void shouldGiveDifferentEnginesDifferentValues() {
        // given
        EngineModel one = new EngineModel("engine-1", 42, START);
        EngineModel two = new EngineModel("engine-2", 42, START);

        // when
        JsonNode a = one.reading(ReadingKind.SYSTEM, START.plusSeconds(1));
        JsonNode b = two.reading(ReadingKind.SYSTEM, START.plusSeconds(1));

        // then
        assertThat(a.get("active_nodes")).isNotEqualTo(b.get("active_nodes"));
    }

    @Test
    void shouldMoveLittleOverAShortTimeAndMoreOverALongOne() {
        // given
        EngineModel model = new EngineModel("engine-1", 42, START);
        double start =
                model.reading(ReadingKind.SYSTEM, START).get("active_nodes").asDouble();

        // when
        double afterTenthOfSecond = model.reading(ReadingKind.SYSTEM, START.plus(Duration.ofMillis(100)))
                .get("active_nodes")
                .asDouble();

        // then: a 100 ms step moves at most a few percent of the range (1,000..50,000)
        assertThat(Math.abs(afterTenthOfSecond - start)).isLessThan(2_000);
    }

    @Test
    void shouldCountMemoriesAddedSinceThePreviousReading() {
        // given
        EngineModel model = new EngineModel("engine-1", 42, START);
        JsonNode first = model.reading(ReadingKind.MEMORY, START.plusSeconds(5));

        // when
        JsonNode second = model.reading(ReadingKind.MEMORY, START.plusSeconds(10));

        // then
        assertThat(second.get("total_memories").asLong())
                .isEqualTo(first.get("total_memories").asLong()
                        + second.get("memories_added").asLong());
    }
}
