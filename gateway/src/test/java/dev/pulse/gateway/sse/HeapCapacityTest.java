package dev.pulse.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapCapacityTest {
    private static final long MB = 1L << 20;

    @Test
    void shouldLeaveTheBaselineAndAMarginOfTheOldGenerationToTheReplica() {
        // given: a 96 MB serial heap has a 64 MB old generation
        HeapCapacity capacity = new HeapCapacity(64 * MB, 10 * 1024);

        // then: (64 MB x 0.8 - 20 MB) / 10 KB
        assertThat(capacity.clients()).isEqualTo((int) ((long) (64 * MB * 0.8 - 20 * MB) / (10 * 1024)));
    }

    @Test
    void shouldNameTheOldGenerationThatHoldsAGivenNumberOfClients() {
        HeapCapacity capacity = new HeapCapacity(64 * MB, 10 * 1024);

        long needed = capacity.oldGenerationFor(10_000);

        assertThat(new HeapCapacity(needed, 10 * 1024).clients()).isBetween(9_999, 10_000);
    }

    @Test
    void shouldNameTheHeapThatHoldsAGivenNumberOfClientsInWholeMegabytes() {
        // given: the deployed -Xmx96m, whose old generation is 64 MB
        HeapCapacity deployed = new HeapCapacity(64 * MB, 12 * 1024);

        long heap = deployed.heapFor(10_000, 96 * MB);

        assertThat(heap % MB).isZero();
        assertThat(new HeapCapacity(heap * 64 / 96, 12 * 1024).clients()).isGreaterThanOrEqualTo(10_000);
        assertThat(new HeapCapacity((heap - MB) * 64 / 96, 12 * 1024).clients()).isLessThan(10_000);
    }

    @Test
    void shouldCountBothSurvivorSpacesInThisJvmsHeap() {
        assertThat(HeapCapacity.configuredHeapBytes())
                .isGreaterThanOrEqualTo(Runtime.getRuntime().maxMemory());
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
