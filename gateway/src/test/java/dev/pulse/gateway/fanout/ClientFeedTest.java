package dev.pulse.gateway.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClientFeedTest {
    private final AtomicInteger wakes = new AtomicInteger();
    private final ClientFeed feed = new ClientFeed(Subscription.all(), 10, wakes::incrementAndGet);
    private final Frame frame = new Frame.Event(new byte[] {'x'}, 0);

    @Test
    void shouldNotWakeAWriterWhileTheFirstOneSetsTheClientUp() {
        // when: frames arrive before the setting-up writer went idle
        feed.offer(frame);
        feed.offer(frame);

        // then: that writer finds them; it may not stop yet
        assertThat(wakes).hasValue(0);
        assertThat(feed.idle()).isFalse();
    }

    @Test
    void shouldWakeOneWriterForTheFirstFrameAfterTheWriterWentIdle() {
        // given: the writer drained everything and stopped
        List<Frame> drained = new ArrayList<>();
        feed.drainTo(drained, 64);
        assertThat(feed.idle()).isTrue();

        // when: several frames arrive
        feed.offer(frame);
        feed.offer(frame);

        // then: one new writer, which stops only once the queue is empty
        assertThat(wakes).hasValue(1);
        assertThat(feed.idle()).isFalse();
        feed.drainTo(drained, 64);
        assertThat(feed.idle()).isTrue();
    }

    @Test
    void shouldWakeAnIdleClientForAHeartbeatAndForTheEndMarkers() {
        feed.idle();

        feed.heartbeat();
        assertThat(wakes).hasValue(1);
        // a heartbeat is not queued twice while one waits
        feed.heartbeat();
        assertThat(feed.drainTo(new ArrayList<>(), 64)).isEqualTo(1);

        feed.idle();
        feed.gone();
        assertThat(wakes).hasValue(2);
    }
}
