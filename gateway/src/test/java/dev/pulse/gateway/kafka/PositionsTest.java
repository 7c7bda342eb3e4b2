package dev.pulse.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import java.util.EnumSet;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PositionsTest {
    private final PartitionLayout layout = new PartitionLayout(
            PipelineTopics.PUBLIC, Map.of(StreamName.ANALYTICS, 2, StreamName.MEMORY, 1, StreamName.GRAPH, 1));

    @Test
    void shouldLeaveTheOriginalUnchangedWhenMoved() {
        // given
        Positions before = Positions.of(layout, 1, 2, 3, 4);

        // when
        Positions after = before.with(1, 10);

        // then
        assertThat(before).isEqualTo(Positions.of(layout, 1, 2, 3, 4));
        assertThat(after.next(1)).isEqualTo(10);
        assertThat(after.next(new TopicPartition(
                        PipelineTopics.PUBLIC.dashboard(StreamName.ANALYTICS).name(), 1)))
                .isEqualTo(10);
    }

    @Test
    void shouldTakeTheFurtherOffsetOfEachPartition() {
        Positions merged = Positions.of(layout, 5, 0, 7, 1).furthest(Positions.of(layout, 1, 6, 7, 2));
        assertThat(merged).isEqualTo(Positions.of(layout, 5, 6, 7, 2));
    }

    @Test
    void shouldBeAheadOnlyWhereTheGivenStreamsAreAhead() {
        Positions client = Positions.of(layout, 0, 0, 0, 9);
        Positions replica = Positions.of(layout, 3, 3, 3, 3);
        assertThat(client.isAheadOf(replica, EnumSet.of(StreamName.GRAPH))).isTrue();
        assertThat(client.isAheadOf(replica, EnumSet.of(StreamName.ANALYTICS, StreamName.MEMORY)))
                .isFalse();
    }

    @Test
    void shouldBeBuiltFromKafkasOffsetMaps() {
        Positions seeded = Positions.of(
                layout,
                Map.of(
                        new TopicPartition(
                                        PipelineTopics.PUBLIC
                                                .dashboard(StreamName.ANALYTICS)
                                                .name(),
                                        0),
                                4L,
                        new TopicPartition(
                                        PipelineTopics.PUBLIC
                                                .dashboard(StreamName.ANALYTICS)
                                                .name(),
                                        1),
                                5L,
                        new TopicPartition(
                                        PipelineTopics.PUBLIC
                                                .dashboard(StreamName.MEMORY)
                                                .name(),
                                        0),
                                6L,
                        new TopicPartition(
                                        PipelineTopics.PUBLIC
                                                .dashboard(StreamName.GRAPH)
                                                .name(),
                                        0),
                                7L));
        assertThat(seeded).isEqualTo(Positions.of(layout, 4, 5, 6, 7));
    }

    @Test
    void shouldRefusePartitionsOutsideTheLayout() {
        assertThatThrownBy(() -> Positions.zero(layout).with(Map.of(new TopicPartition("elsewhere", 0), 1L)))
                .hasMessageContaining("not in the layout");
        assertThatThrownBy(() -> Positions.of(layout, 1, 2)).hasMessageContaining("one per partition");
    }
}
