package dev.pulse.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
    private static final HeapCapacity ROOMY = new HeapCapacity(1L << 30, 1024);

    @Test
    void shouldRefuseBeyondTheLimitPerAddressAndInTotal() {
        ConnectionLimits limits = new ConnectionLimits(3, 2, ROOMY);
        assertThat(limits.tryAcquire("a")).isEmpty();
        assertThat(limits.tryAcquire("a")).isEmpty();
        assertThat(limits.tryAcquire("a"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("limit_per_ip"));
        assertThat(limits.tryAcquire("b")).isEmpty();
        assertThat(limits.tryAcquire("c"))
                .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("limit_total"));
    }

    @Test
    void shouldFreeTheSlotOnRelease() {
        ConnectionLimits limits = new ConnectionLimits(1, 1, ROOMY);
        assertThat(limits.tryAcquire("a")).isEmpty();
        limits.release("a");
        assertThat(limits.tryAcquire("b")).isEmpty();
    }

    @Test
    void shouldRefuseWhenTheHeapHoldsNoMoreClientsThoughTheConfiguredTotalAllowsMore() {
        // given: a heap whose usable part holds exactly two clients
        HeapCapacity twoClients = new HeapCapacity(
                (long) ((HeapCapacity.BASELINE_BYTES + 2 * 100_000L) / HeapCapacity.USABLE_SHARE) + 1, 100_000);
        ConnectionLimits limits = new ConnectionLimits(10_000, 100, twoClients);

        // when / then
        assertThat(limits.effectiveMaxTotal()).isEqualTo(2);
        assertThat(limits.tryAcquire("a")).isEmpty();
        assertThat(limits.tryAcquire("b")).isEmpty();
        assertThat(limits.tryAcquire("c")).hasValueSatisfying(r -> {
            assertThat(r.reason()).isEqualTo("limit_heap");
            assertThat(r.message()).contains("memory holds 2 streams");
        });
        limits.release("a");
        assertThat(limits.tryAcquire("c")).isEmpty();
    }
}
