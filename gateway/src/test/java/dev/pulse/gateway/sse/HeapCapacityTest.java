package dev.pulse.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapCapacityTest {
    private static final long MB = 1L << 20;

    @Test
    void shouldLeaveTheBaselineAndAMarginOfTheOldGenerationToTheReplica() {
        // given: a 96 MB serial heap has a 64 MB old generation
        HeapCapacity capacity = new HeapCapacity(64 * MB, 10 * 1024);

        // then: (64 MB x 0.8 - 16 MB) / 10 KB
        assertThat(capacity.clients()).isEqualTo((int) ((long) (64 * MB * 0.8 - 16 * MB) / (10 * 1024)));
    }

    @Test
    void shouldNameTheOldGenerationThatHoldsAGivenNumberOfClients() {
        HeapCapacity capacity = new HeapCapacity(64 * MB, 10 * 1024);

        long needed = capacity.oldGenerationFor(10_000);

        assertThat(new HeapCapacity(needed, 10 * 1024).clients()).isBetween(9_999, 10_000);
    }

    @Test
    void shouldHoldNoClientWhenTheHeapIsBelowTheBaseline() {
        assertThat(new HeapCapacity(8 * MB, 1024).clients()).isZero();
    }

    @Test
    void shouldReadThisJvmsOldGeneration() {
        assertThat(HeapCapacity.ofThisJvm(1024).oldGenerationBytes())
                .isPositive()
                .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
    }
}
