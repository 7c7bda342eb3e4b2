package dev.pulse.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
    @Test
    void shouldRefuseBeyondTheLimitPerAddressAndInTotal() {
        ConnectionLimits limits = new ConnectionLimits(3, 2);
        assertThat(limits.tryAcquire("a")).isEmpty();
        assertThat(limits.tryAcquire("a")).isEmpty();
        assertThat(limits.tryAcquire("a")).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("limit_per_ip"));
        assertThat(limits.tryAcquire("b")).isEmpty();
        assertThat(limits.tryAcquire("c")).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("limit_total"));
    }

    @Test
    void shouldFreeTheSlotOnRelease() {
        ConnectionLimits limits = new ConnectionLimits(1, 1);
        assertThat(limits.tryAcquire("a")).isEmpty();
        limits.release("a");
        assertThat(limits.tryAcquire("b")).isEmpty();
    }
}
