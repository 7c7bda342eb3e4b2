package dev.pulse.processor.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulse.processor.gate.RawPartitioning.Misplaced;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class RawPartitioningTest {
    private final AtomicInteger partitions = new AtomicInteger(3);
    private final AtomicInteger lookups = new AtomicInteger();
    private final RawPartitioning partitioning = new RawPartitioning("raw", topic -> {
        lookups.incrementAndGet();
        return CompletableFuture.completedFuture(partitions.get());
    });

    @Test
    void shouldPlaceKeysAsTheJavaProducerDoes() {
        for (String key : new String[] {"engine-1", "bars-1", "e", "fleet-0042"}) {
            byte[] bytes = bytes(key);
            assertThat(RawPartitioning.partitionFor(bytes, 7)).isEqualTo(BuiltInPartitioner.partitionForKey(bytes, 7));
        }
    }

    @Test
    void shouldAcceptAKeyOnItsPartitionAndNameBothPartitionsOfAMisplacedOne() {
        byte[] key = bytes("bars-1");
        int home = RawPartitioning.partitionFor(key, 3);
        int other = (home + 1) % 3;

        assertThat(partitioning.check(key, home, 0)).isEmpty();
        assertThat(partitioning.check(key, other, 0)).contains(new Misplaced(home, other, 3));
        assertThat(partitioning.partitions()).isEqualTo(3);
    }

    @Test
    void shouldLookTheCountUpAgainAtMostOncePerIntervalForMisplacedRecords() {
        byte[] key = bytes("bars-1");
        int other = (RawPartitioning.partitionFor(key, 3) + 1) % 3;

        partitioning.check(key, other, 0);
        partitioning.check(key, other, RawPartitioning.LOOKUP_INTERVAL_MS - 1);
        assertThat(lookups).hasValue(1);
        partitioning.check(key, other, RawPartitioning.LOOKUP_INTERVAL_MS);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void shouldLearnOfAddedPartitionsAndAcceptRecordsPlacedByTheOldOrTheNewCount() {
        // given a key that moves when the topic grows from 3 to 6 partitions
        byte[] key = movingKey(3, 6);
        int before = RawPartitioning.partitionFor(key, 3);
        int after = RawPartitioning.partitionFor(key, 6);
        assertThat(partitioning.check(key, before, 0)).isEmpty();

        // when partitions are added and a record arrives on a new one
        partitions.set(6);
        long soon = RawPartitioning.GROWTH_LOOKUP_INTERVAL_MS;
        assertThat(partitioning.check(keyOn(5, 6), 5, soon)).isEmpty();

        // then the count is looked up well before the usual interval, and the key is at home on either partition
        assertThat(lookups).hasValue(2);
        assertThat(partitioning.partitions()).isEqualTo(6);
        assertThat(partitioning.check(key, before, soon)).isEmpty();
        assertThat(partitioning.check(key, after, soon)).isEmpty();
        int elsewhere = IntStream.range(0, 6)
                .filter(p -> p != before && p != after)
                .findFirst()
                .orElseThrow();
        assertThat(partitioning.check(key, elsewhere, soon)).contains(new Misplaced(after, elsewhere, 6));
    }

    @Test
    void shouldRefuseNothingWhileTheCountIsUnknown() {
        RawPartitioning unreachable = new RawPartitioning(
                "raw", topic -> CompletableFuture.failedFuture(new IllegalStateException("broker unreachable")));
        byte[] key = bytes("bars-1");

        assertThat(IntStream.range(0, 3).mapToObj(p -> unreachable.check(key, p, 0)))
                .allMatch(Optional::isEmpty);
        assertThat(unreachable.partitions()).isZero();
    }

    @Test
    void shouldAcceptRecordsWithoutWaitingWhileTheAnswerIsOnItsWayAndJudgeThemOnceItCame() {
        // given a cluster that has not answered yet (asked when the task started)
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        AtomicInteger asked = new AtomicInteger();
        RawPartitioning slow = new RawPartitioning("raw", topic -> {
            asked.incrementAndGet();
            return answer;
        });
        slow.prime(0);
        byte[] key = bytes("bars-1");
        int other = (RawPartitioning.partitionFor(key, 3) + 1) % 3;

        // then a misplaced record passes meanwhile, and nobody asks twice
        assertThat(slow.check(key, other, 5_000)).isEmpty();
        assertThat(asked).hasValue(1);

        // and once the answer is in, it is judged
        answer.complete(3);
        assertThat(slow.partitions()).isEqualTo(3);
        assertThat(slow.check(key, other, 5_001)).isPresent();
    }

    @Test
    void shouldAcceptARecordOnAPartitionBeyondTheCountItKnows() {
        // the topic grew, but the cluster's answer does not show it yet
        byte[] key = bytes("bars-1");
        partitioning.check(key, RawPartitioning.partitionFor(key, 3), 0);

        assertThat(partitioning.check(key, 4, 1)).isEmpty();
    }

    private static byte[] movingKey(int from, int to) {
        return IntStream.range(0, 1000)
                .mapToObj(i -> bytes("engine-" + i))
                .filter(k -> RawPartitioning.partitionFor(k, from) != RawPartitioning.partitionFor(k, to))
                .findFirst()
                .orElseThrow();
    }

    private static byte[] keyOn(int partition, int partitions) {
        return IntStream.range(0, 1000)
                .mapToObj(i -> bytes("engine-" + i))
                .filter(k -> RawPartitioning.partitionFor(k, partitions) == partition)
                .findFirst()
                .orElseThrow();
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
