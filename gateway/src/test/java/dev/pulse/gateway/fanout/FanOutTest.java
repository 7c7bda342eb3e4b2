package dev.pulse.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.gateway.kafka.PartitionLayout;
import dev.pulse.gateway.kafka.Positions;
import dev.pulse.gateway.resume.ResumeToken;
import dev.pulse.gateway.snapshot.SnapshotCache;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class FanOutTest {
    private final PartitionLayout layout = new PartitionLayout(
            PipelineTopics.PUBLIC, Map.of(StreamName.ANALYTICS, 2, StreamName.MEMORY, 1, StreamName.GRAPH, 1));
    private final List<ClientFeed> dropped = new ArrayList<>();
    private final FanOut fanOut = new FanOut(layout, new SnapshotCache(), dropped::add);

    @Test
    void shouldGiveAFreshClientTheLatestEventPerEngineWithTheCurrentPositionAsId() {
        // given
        fanOut.dispatch(List.of(
                record(StreamName.ANALYTICS, 0, 0, "e1", "a"),
                record(StreamName.ANALYTICS, 0, 1, "e1", "b"),
                record(StreamName.MEMORY, 0, 0, "e2", "c")));

        // when
        FanOut.Join join =
                fanOut.joinFresh(new ClientFeed(new Subscription(EnumSet.of(StreamName.ANALYTICS), Set.of()), 10));

        // then
        assertThat(join.snapshotFrames()).hasSize(1);
        String frame = new String(join.snapshotFrames().get(0), StandardCharsets.UTF_8);
        assertThat(frame).contains("event: analytics\n").contains("data: b\n");
        ResumeToken token = ResumeToken.decode(frame.substring(4, frame.indexOf('\n')));
        assertThat(token.offsets()).containsOnlyKeys(StreamName.ANALYTICS);
        assertThat(token.offsets().get(StreamName.ANALYTICS)).containsExactly(2L, 0L);
    }

    @Test
    void shouldQueueOnlyMatchingEventsWithThePositionAfterEach() throws Exception {
        // given
        ClientFeed feed =
                new ClientFeed(new Subscription(EnumSet.of(StreamName.ANALYTICS, StreamName.MEMORY), Set.of("e1")), 10);
        fanOut.joinFresh(feed);

        // when
        fanOut.dispatch(List.of(
                record(StreamName.ANALYTICS, 1, 0, "e1", "x"),
                record(StreamName.GRAPH, 0, 0, "e1", "g"),
                record(StreamName.MEMORY, 0, 0, "e2", "other"),
                record(StreamName.MEMORY, 0, 1, "e1", "y")));

        // then
        String first = new String(event(feed.poll()), StandardCharsets.UTF_8);
        String second = new String(event(feed.poll()), StandardCharsets.UTF_8);
        assertThat(feed.poll()).isNull();
        assertThat(first).contains("data: x");
        assertThat(second).contains("data: y");
        ResumeToken afterSecond = ResumeToken.decode(second.substring(4, second.indexOf('\n')));
        assertThat(afterSecond.offsets().get(StreamName.ANALYTICS)).containsExactly(0L, 1L);
        assertThat(afterSecond.offsets().get(StreamName.MEMORY)).containsExactly(2L);
    }

    @Test
    void shouldNeverSendAResumedClientWhatItsTokenAlreadyCoversNorLowerItsId() throws Exception {
        // given: a client resuming with a token ahead of this replica on memory partition 0 (index 2)
        ClientFeed feed = new ClientFeed(new Subscription(EnumSet.of(StreamName.MEMORY), Set.of()), 10);
        fanOut.join(feed, Positions.zero(layout).with(2, 5));

        // when: this replica then reads offsets 4 and 5
        fanOut.dispatch(
                List.of(record(StreamName.MEMORY, 0, 4, "e", "seen"), record(StreamName.MEMORY, 0, 5, "e", "new")));

        // then: only offset 5, with id 6
        String frame = new String(event(feed.poll()), StandardCharsets.UTF_8);
        assertThat(frame).contains("data: new");
        assertThat(ResumeToken.decode(frame.substring(4, frame.indexOf('\n')))
                        .offsets()
                        .get(StreamName.MEMORY))
                .containsExactly(6L);
        assertThat(feed.poll()).isNull();
    }

    @Test
    void shouldDropAClientWhoseQueueIsFullWithoutAffectingOthers() throws Exception {
        // given
        ClientFeed slow = new ClientFeed(new Subscription(EnumSet.of(StreamName.GRAPH), Set.of()), 2);
        ClientFeed fast = new ClientFeed(new Subscription(EnumSet.of(StreamName.GRAPH), Set.of()), 100);
        fanOut.joinFresh(slow);
        fanOut.joinFresh(fast);

        // when
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            records.add(record(StreamName.GRAPH, 0, i, "e", "v" + i));
        }
        fanOut.dispatch(records);

        // then
        assertThat(dropped).containsExactly(slow);
        assertThat(slow.dropped()).isTrue();
        assertThat(slow.poll()).isInstanceOf(Frame.Dropped.class);
        List<Frame> received = new ArrayList<>();
        fast.drainTo(received, 100);
        assertThat(received).hasSize(5);
        assertThat(fanOut.clientCount()).isEqualTo(1);
    }

    @Test
    void shouldForgetARetiredEngineAndTellItsClientsWithTheIdAfterTheTombstone() throws Exception {
        // given: an engine in the cache and a client of its stream
        fanOut.dispatch(List.of(record(StreamName.MEMORY, 0, 0, "e1", "last")));
        ClientFeed feed = new ClientFeed(new Subscription(EnumSet.of(StreamName.MEMORY), Set.of()), 10);
        fanOut.joinFresh(feed);

        // when: its tombstone, and one without a key (nothing to name)
        fanOut.dispatch(List.of(
                new ConsumerRecord<String, byte[]>(
                        PipelineTopics.PUBLIC.dashboard(StreamName.MEMORY).name(), 0, 1, "e1", null),
                new ConsumerRecord<String, byte[]>(
                        PipelineTopics.PUBLIC.dashboard(StreamName.MEMORY).name(), 0, 2, null, null)));

        // then
        assertThat(fanOut.snapshot(Subscription.all()).entries()).isEmpty();
        String frame = new String(event(feed.poll()), StandardCharsets.UTF_8);
        assertThat(frame).contains("event: retired\n").contains("\"engine_id\":\"e1\"");
        assertThat(ResumeToken.decode(frame.substring(4, frame.indexOf('\n')))
                        .offsets()
                        .get(StreamName.MEMORY))
                .containsExactly(2L);
        assertThat(feed.poll()).isNull();
        assertThat(fanOut.position().next(2)).isEqualTo(3);
    }

    private static byte[] event(Frame frame) {
        assertThat(frame).isInstanceOf(Frame.Event.class);
        return ((Frame.Event) frame).bytes();
    }

    private static ConsumerRecord<String, byte[]> record(
            StreamName stream, int partition, long offset, String key, String value) {
        return new ConsumerRecord<>(
                PipelineTopics.PUBLIC.dashboard(stream).name(),
                partition,
                offset,
                key,
                value.getBytes(StandardCharsets.UTF_8));
    }
}
