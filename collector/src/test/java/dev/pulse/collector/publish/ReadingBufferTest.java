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
        assertThat(buffer.takeForSend(0, TimeUnit.MILLISECONDS).sequence()).isEqualTo(2);
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
        RawReading first = buffer.takeForSend(0, TimeUnit.MILLISECONDS);

        // when
        buffer.requeue(first);

        // then
        assertThat(buffer.inFlight()).isZero();
        assertThat(buffer.takeForSend(0, TimeUnit.MILLISECONDS).sequence()).isEqualTo(1);
    }

    private static RawReading reading(long sequence) {
        return new RawReading("engine-1", ReadingKind.SYSTEM, sequence, Instant.EPOCH, NullNode.getInstance());
    }
}
