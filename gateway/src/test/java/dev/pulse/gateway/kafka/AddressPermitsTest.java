package dev.pulse.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AddressPermitsTest {
    @Test
    void shouldLetOneAddressHoldOnlyItsShareWhileOthersStillGetTheirs() throws Exception {
        AddressPermits permits = new AddressPermits(2);
        assertThat(permits.tryAcquire("10.0.0.1", Duration.ZERO)).isTrue();
        assertThat(permits.tryAcquire("10.0.0.1", Duration.ZERO)).isTrue();
        assertThat(permits.tryAcquire("10.0.0.1", Duration.ofMillis(10))).isFalse();
        assertThat(permits.tryAcquire("10.0.0.2", Duration.ZERO)).isTrue();

        permits.release("10.0.0.1");
        assertThat(permits.tryAcquire("10.0.0.1", Duration.ZERO)).isTrue();
    }
}
