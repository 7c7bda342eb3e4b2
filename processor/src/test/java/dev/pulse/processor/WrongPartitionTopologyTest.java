package dev.pulse.processor;

import static dev.pulse.processor.DeadLetterTopologyTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamEvent;
import dev.pulse.common.model.StreamName;
import dev.pulse.processor.deadletter.DeadLetterHeaders;
import dev.pulse.processor.gate.RawPartitioning;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The raw topic told to have 4 partitions; the driver delivers every record on partition 0. */
class WrongPartitionTopologyTest {
    private static final Instant T = TopologyFixture.START;
    private static final int PARTITIONS = 4;
    private final TopologyFixture fixture = new TopologyFixture(Map.of(), PARTITIONS);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldDeadLetterAReadingOnAnotherPartitionThanItsKeysAndProcessOneOnItsOwn() {
        // given an engine whose key belongs on partition 0 and one whose key belongs elsewhere
        String home = engineOn(partition -> partition == 0);
        String away = engineOn(partition -> partition != 0);
        int expected = RawPartitioning.partitionFor(away.getBytes(StandardCharsets.UTF_8), PARTITIONS);

        // when both send a valid reading, on partition 0
        fixture.send(home, "system", 1, T, Readings.system(10, T));
        fixture.send(away, "system", 1, T, Readings.system(10, T));

        // then the one at home is LIVE and the other a dead letter naming both partitions, counted
        assertThat(fixture.events(StreamName.ANALYTICS)).singleElement().satisfies(event -> {
            assertThat(event.engineId()).isEqualTo(home);
            assertThat(event.status()).isEqualTo(EventStatus.LIVE);
        });
        assertThat(fixture.dlq.readRecordsToList()).singleElement().satisfies(letter -> {
            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(away);
            assertThat(header(letter.headers(), DeadLetterHeaders.REASON)).isEqualTo("wrong-partition");
            assertThat(header(letter.headers(), DeadLetterHeaders.FIELDS)).isEqualTo("key");
            assertThat(header(letter.headers(), DeadLetterHeaders.DETAIL))
                    .contains("belongs on partition " + expected + " of 4")
                    .contains("arrived on partition 0")
                    .contains("partitioner=murmur2_random");
            assertThat(header(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION))
                    .isEqualTo("0");
        });
        assertThat(fixture.counter("pulse.processor.dlq.records", "reason", "wrong-partition"))
                .isEqualTo(1);
        assertThat(fixture.metrics
                        .registry()
                        .get("pulse.processor.raw.partitions")
                        .gauge()
                        .value())
                .isEqualTo(PARTITIONS);
    }

    @Test
    void shouldKeepTheReasonOfABrokenRecordWhateverItsPartition() {
        String away = engineOn(partition -> partition != 0);

        fixture.send(away, Readings.bytes("not json"));

        assertThat(fixture.dlq.readRecordsToList())
                .singleElement()
                .satisfies(letter -> assertThat(header(letter.headers(), DeadLetterHeaders.REASON))
                        .isEqualTo("invalid-json"));
    }

    @Test
    void shouldNotLetAMisplacedReadingTakeRoomUnderTheEngineCap() {
        try (TopologyFixture capped = new TopologyFixture(Map.of("PROCESSOR_MAX_ENGINES", "1"), PARTITIONS)) {
            String home = engineOn(partition -> partition == 0);
            String away = engineOn(partition -> partition != 0);

            capped.send(away, "system", 1, T, Readings.system(10, T));
            capped.send(home, "system", 1, T, Readings.system(10, T));

            assertThat(capped.events(StreamName.ANALYTICS))
                    .extracting(StreamEvent::engineId)
                    .containsExactly(home);
        }
    }

    private static String engineOn(IntPredicate partition) {
        return IntStream.range(1, 1000)
                .mapToObj(i -> "engine-" + i)
                .filter(id ->
                        partition.test(RawPartitioning.partitionFor(id.getBytes(StandardCharsets.UTF_8), PARTITIONS)))
                .findFirst()
                .orElseThrow();
    }
}
