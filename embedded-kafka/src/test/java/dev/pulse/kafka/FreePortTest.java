package dev.pulse.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FreePortTest {
    @Test
    void shouldNeverHandOutTheSamePortTwice() {
        // 2,000 of Linux's ~28,000 ephemeral ports: without the bookkeeping, repeats are all but certain.
        assertThat(IntStream.range(0, 2_000).map(i -> EmbeddedKafkaBroker.freePort()))
                .doesNotHaveDuplicates()
                .allMatch(port -> port > 0);
    }
}
