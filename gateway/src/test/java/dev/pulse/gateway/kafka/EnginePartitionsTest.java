package dev.pulse.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnginePartitionsTest {
    private final PartitionLayout layout =
            new PartitionLayout(PipelineTopics.PUBLIC, Map.of(StreamName.MEMORY, 3, StreamName.GRAPH, 3));

    @Test
    void shouldMoveOnlyThePartitionsThatCannotHoldTheEnginesToTheHandOver() {
        // given
        Positions from = Positions.of(layout, 1, 1, 1, 1, 1, 1);
        Positions until = Positions.of(layout, 9, 9, 9, 9, 9, 9);
        String engine = "engine-1";
        int own = EnginePartitions.of(engine, 3);

        // when
        Positions start = EnginePartitions.skipOthers(from, until, EnumSet.of(StreamName.MEMORY), Set.of(engine));

        // then: the engine's partition of memory from where it was, the other two done; graph untouched
        int[] memory = layout.indexes(StreamName.MEMORY);
        for (int p = 0; p < 3; p++) {
            assertThat(start.next(memory[p])).isEqualTo(p == own ? 1 : 9);
        }
        for (int i : layout.indexes(StreamName.GRAPH)) {
            assertThat(start.next(i)).isEqualTo(1);
        }
    }

    @Test
    void shouldReadEveryPartitionForEveryEngine() {
        Positions from = Positions.of(layout, 1, 1, 1, 1, 1, 1);
        Positions until = Positions.of(layout, 9, 9, 9, 9, 9, 9);
        assertThat(EnginePartitions.skipOthers(from, until, EnumSet.allOf(StreamName.class), Set.of()))
                .isEqualTo(from);
    }
}
