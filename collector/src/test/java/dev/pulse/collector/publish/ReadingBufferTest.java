package dev.pulse.collector.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.pulse.common.model.RawReading;
import dev.pulse.common.model.ReadingKind;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadingBufferTest {

    @Test
    void shouldDropTheOldestQueuedReadingWhenFull() throws Exception {
        // given
        ReadingBuffer buffer = new ReadingBuffer(4);
        for (long seq = 1; seq <= 4; seq++) {
            assertThat(buffer.offer(reading(seq))).isTrue();
        }

        // when
        boolean kept = buffer.offer(reading(5));

        // then
        assertThat(kept).isFalse();
        assertThat(buffer.size()).isEqualTo(4);
        assertThat(buffer.dropped()).isEqualTo(1);
        assertThat(buffer.takeForSend(0, TimeUnit.MILLISECONDS).reading().sequence())
                .isEqualTo(2);
    }

    @Test
    void shouldCountReadingsInFlightAgainstTheBound() throws Exception {
        // given: capacity 8 allows 2 in flight
        ReadingBuffer buffer = new ReadingBuffer(8);
        for (long seq = 1; seq <= 8; seq++) {
            buffer.offer(reading(seq));
        }
        buffer.takeForSend(0, TimeUnit.MILLISECONDS);
        buffer.takeForSend(0, TimeUnit.MILLISECONDS);

        // when
        buffer.offer(reading(9));

        // then
        assertThat(buffer.size()).isEqualTo(8);
        assertThat(buffer.inFlight()).isEqualTo(2);
        assertThat(buffer.takeForSend(0, TimeUnit.MILLISECONDS))
                .as("no third in flight")
                .isNull();
    }

    @Test
    void shouldSendARequeuedReadingFirst() throws Exception {
        // given
        ReadingBuffer buffer = new ReadingBuffer(8);
        buffer.offer(reading(1));
        buffer.offer(reading(2));
        Pending first = buffer.takeForSend(0, TimeUnit.MILLISECONDS);

        // when
        buffer.requeue(first);

        // then
        assertThat(buffer.inFlight()).isZero();
        assertThat(buffer.takeForSend(0, TimeUnit.MILLISECONDS).reading().sequence())
                .isEqualTo(1);
    }

    @Test
    void shouldDropTheOldestQueuedReadingsWhenTheBytesWouldExceedTheBound() throws Exception {
        // given: room for 1,000 readings but only 424 bytes, 324 of them taken
        ReadingBuffer buffer = new ReadingBuffer(1_000, 400 + 3 * "engine-1".length());
        for (long seq = 1; seq <= 3; seq++) {
            assertThat(buffer.offer(reading(seq, 100))).isTrue();
        }

        // when: one of 250 bytes arrives
        boolean kept = buffer.offer(reading(4, 250));

        // then: the two oldest made room for it
        assertThat(kept).isFalse();
        assertThat(buffer.dropped()).isEqualTo(2);
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.bytes()).isEqualTo(350 + 2 * "engine-1".length());
        assertThat(buffer.takeForSend(0, TimeUnit.MILLISECONDS).reading().sequence())
                .isEqualTo(3);
    }

    @Test
    void shouldReleaseTheBytesOfAnAcknowledgedReading() throws Exception {
        // given
        ReadingBuffer buffer = new ReadingBuffer(10, 10_000);
        buffer.offer(reading(1, 100));
        Pending sent = buffer.takeForSend(0, TimeUnit.MILLISECONDS);

        // when
        buffer.completed(sent);

        // then
        assertThat(buffer.bytes()).isZero();
        assertThat(buffer.size()).isZero();
    }

    private static Pending reading(long sequence) {
        return reading(sequence, 10);
    }

    private static Pending reading(long sequence, int bytes) {
        return new Pending(
                new RawReading("engine-1", ReadingKind.SYSTEM, 1, sequence, Instant.EPOCH, NullNode.getInstance()),
                new byte[bytes]);
    }
}
