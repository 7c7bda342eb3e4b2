package dev.pulse.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.gateway.resume.ResumeToken;
import dev.pulse.gateway.resume.TokenPositions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A layout that grows while positions and tokens made before the growth are still about. */
class PartitionGrowthTest {
    private static final String MEMORY =
            PipelineTopics.PUBLIC.dashboard(StreamName.MEMORY).name();
    private final PartitionLayout layout =
            new PartitionLayout(PipelineTopics.PUBLIC, Map.of(StreamName.MEMORY, 2, StreamName.GRAPH, 1));

    @Test
    void shouldNumberAddedPartitionsAfterEveryOtherAndKeepTheOldNumbers() {
        // when memory grows from 2 to 4 partitions
        List<TopicPartition> added = layout.grow(StreamName.MEMORY, 4);

        // then the new ones come last; what each old number names is unchanged
        assertThat(added).containsExactly(new TopicPartition(MEMORY, 2), new TopicPartition(MEMORY, 3));
        assertThat(layout.size()).isEqualTo(5);
        assertThat(layout.indexes(StreamName.MEMORY)).containsExactly(0, 1, 3, 4);
        assertThat(layout.stream(2)).isEqualTo(StreamName.GRAPH);
        assertThat(layout.index(MEMORY, 3)).isEqualTo(4);
        assertThat(layout.stream(4)).isEqualTo(StreamName.MEMORY);
        assertThat(layout.grow(StreamName.MEMORY, 3)).isEmpty();
        assertThat(layout.knownCounts(StreamName.MEMORY)).containsExactly(2, 4);
    }

    @Test
    void shouldTreatAPositionFromBeforeTheGrowthAsNothingReadOnTheNewPartitions() {
        Positions before = Positions.of(layout, 5, 6, 7);
        layout.grow(StreamName.MEMORY, 3);

        assertThat(before.next(3)).isZero();
        Positions moved = before.with(3, 2);
        assertThat(moved.next(3)).isEqualTo(2);
        assertThat(moved.next(0)).isEqualTo(5);
        assertThat(before.with(3, 0)).isEqualTo(before).hasSameHashCodeAs(before);
        assertThat(Positions.of(layout, 5, 6, 7, 1).furthest(before)).isEqualTo(Positions.of(layout, 5, 6, 7, 1));
        assertThat(before.furthest(Positions.of(layout, 5, 6, 7, 1))).isEqualTo(Positions.of(layout, 5, 6, 7, 1));
        assertThat(Positions.of(layout, 0, 0, 0, 1).isAheadOf(before, EnumSet.of(StreamName.MEMORY)))
                .isTrue();
    }

    @Test
    void shouldResumeATokenFromBeforeTheGrowthAtItsOffsetsAndTheNewPartitionsFromTheirStart() {
        // given a token issued while memory had 2 partitions
        String token = ResumeToken.encode(Positions.of(layout, 5, 6, 7), EnumSet.of(StreamName.MEMORY));
        layout.grow(StreamName.MEMORY, 3);

        // when it is mapped onto the grown layout
        TokenPositions mapped = TokenPositions.map(ResumeToken.decode(token), layout, EnumSet.of(StreamName.MEMORY));

        // then the old partitions resume where it says, the new one from its earliest offset, and tokens issued now
        // name all three
        assertThat(mapped.positions().next(0)).isEqualTo(5);
        assertThat(mapped.positions().next(1)).isEqualTo(6);
        assertThat(mapped.positions().next(3)).isEqualTo(Positions.EARLIEST);
        assertThat(mapped.notices()).isEmpty();
        assertThat(ResumeToken.decode(ResumeToken.encode(mapped.positions().with(3, 4), Set.of(StreamName.MEMORY)))
                        .offsets()
                        .get(StreamName.MEMORY))
                .containsExactly(5L, 6L, 4L);
    }

    @Test
    void shouldReplayAnEnginesPartitionsByEveryCountTheTopicHasHad() {
        // given an engine whose partition moves when memory grows from 2 to 3
        String engine = IntStream.range(0, 1000)
                .mapToObj(i -> "engine-" + i)
                .filter(e -> EnginePartitions.of(e, 2) != EnginePartitions.of(e, 3))
                .findFirst()
                .orElseThrow();
        layout.grow(StreamName.MEMORY, 3);
        int[] memory = layout.indexes(StreamName.MEMORY);
        Positions from = Positions.zero(layout);
        Positions until = Positions.of(layout, 9, 9, 9, 9);

        // when a replay for it skips the partitions that cannot hold its events
        Positions start = EnginePartitions.skipOthers(from, until, EnumSet.of(StreamName.MEMORY), Set.of(engine));

        // then it reads its partition by the old count and by the new one
        for (int p = 0; p < 3; p++) {
            boolean holds = p == EnginePartitions.of(engine, 2) || p == EnginePartitions.of(engine, 3);
            assertThat(start.next(memory[p])).as("partition %d", p).isEqualTo(holds ? 0 : 9);
        }
    }

    @Test
    void shouldLearnAnOlderCountFromATokenOnAGatewayStartedAfterTheGrowth() {
        // given a gateway that started with 3 memory partitions, and a token issued when there were 2
        PartitionLayout old = new PartitionLayout(PipelineTopics.PUBLIC, Map.of(StreamName.MEMORY, 2));
        String token = ResumeToken.encode(Positions.of(old, 1, 1), EnumSet.of(StreamName.MEMORY));
        PartitionLayout started = new PartitionLayout(PipelineTopics.PUBLIC, Map.of(StreamName.MEMORY, 3));
        assertThat(started.knownCounts(StreamName.MEMORY)).containsExactly(3);

        // when the token is mapped
        TokenPositions.map(ResumeToken.decode(token), started, EnumSet.of(StreamName.MEMORY));

        // then replays for engines read their partitions by both counts
        assertThat(started.knownCounts(StreamName.MEMORY)).containsExactly(2, 3);
    }
}
