package dev.pulse.processor.gate;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a raw record belongs: the partition the Java client's default partitioner picks for its key (murmur2 of the key
 * bytes, made positive, modulo the partition count), as the collector's producer does. Kafka Streams keeps an engine's
 * state in the task of the partition its readings arrive on, so a producer that partitions otherwise would split the
 * engine's state in two; the gate dead-letters its records ({@code wrong-partition}).
 *
 * <p>The partition count is asked for when a task starts ({@link #prime}) and again when a record fits none of the
 * counts seen: within {@link #GROWTH_LOOKUP_INTERVAL_MS} when it arrives on a partition beyond them (the topic grew),
 * else at most once per {@link #LOOKUP_INTERVAL_MS}. The stream thread never waits for the answer. A record that fits
 * <em>any</em> count seen since this instance started is accepted: after partitions are added, a producer that has not
 * refreshed its metadata yet still writes by the old count, and its records were right when they were written. A record
 * on a partition beyond the latest count, or any record while no count is known (before the first answer, or while the
 * cluster does not answer), is accepted too: the gate refuses only what it knows to be misplaced. One instance is
 * shared by every task of a Kafka Streams instance.
 */
public final class RawPartitioning {
    static final long LOOKUP_INTERVAL_MS = 10_000;
    static final long GROWTH_LOOKUP_INTERVAL_MS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(RawPartitioning.class);

    private final String topic;
    private final PartitionCountLookup lookup;
    /** Every count seen, ascending; replaced, never changed, so the per-record path reads it without a lock. */
    private volatile int[] seen = new int[0];

    private long lastLookupMs;
    private boolean lookedUp;
    private boolean inFlight;

    public RawPartitioning(String topic, PartitionCountLookup lookup) {
        this.topic = topic;
        this.lookup = lookup;
    }

    /** A record on the wrong partition: the one its key belongs to by the current count, and the one it came on. */
    public record Misplaced(int expected, int actual, int partitions) {}

    /** The partition the key belongs to among {@code partitions}, as the Java client's default partitioner has it. */
    public static int partitionFor(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** Asks for the count unless it was asked for already: a task calls this when it starts, before its records. */
    public synchronized void prime(long nowMs) {
        if (!lookedUp) {
            lookUp(nowMs);
        }
    }

    /** Empty when the record may stay where it is; {@code nowMs} paces the look-ups. */
    public Optional<Misplaced> check(byte[] key, int partition, long nowMs) {
        if (fits(seen, key, partition)) {
            return Optional.empty();
        }
        synchronized (this) {
            if (lookUpDue(partition, nowMs)) {
                lookUp(nowMs);
            }
        }
        int[] counts = seen;
        int current = counts.length == 0 ? 0 : counts[counts.length - 1];
        if (partition >= current || fits(counts, key, partition)) {
            return Optional.empty();
        }
        return Optional.of(new Misplaced(partitionFor(key, current), partition, current));
    }

    /** The latest count seen, 0 before the first answer. */
    public int partitions() {
        int[] counts = seen;
        return counts.length == 0 ? 0 : counts[counts.length - 1];
    }

    private boolean lookUpDue(int partition, long nowMs) {
        if (inFlight) {
            return false;
        }
        if (!lookedUp) {
            return true;
        }
        int latest = partitions();
        boolean beyond = latest == 0 || partition >= latest;
        return nowMs - lastLookupMs >= (beyond ? GROWTH_LOOKUP_INTERVAL_MS : LOOKUP_INTERVAL_MS);
    }

    /** Caller holds the lock. A lookup that answers at once (a fixed count) is applied before this returns. */
    private void lookUp(long nowMs) {
        lastLookupMs = nowMs;
        lookedUp = true;
        inFlight = true;
        lookup.partitionCount(topic).whenComplete((count, error) -> answered(count, error));
    }

    private synchronized void answered(Integer count, Throwable error) {
        inFlight = false;
        if (error != null) {
            // Fail open: a reading refused here is gone from the stream for good, while a misplaced one only
            // splits its engine's state. Paced like the look-ups.
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            LOG.warn("raw topic partition count unknown topic={} error=\"{}\"", topic, cause.getMessage());
            return;
        }
        int latest = partitions();
        if (count <= latest) {
            return;
        }
        if (latest == 0) {
            LOG.info("raw topic partitions topic={} partitions={}", topic, count);
        } else {
            LOG.warn(
                    "raw topic partitions grew topic={} from={} to={} (moved keys start with empty state)",
                    topic,
                    latest,
                    count);
        }
        int[] counts = Arrays.copyOf(seen, seen.length + 1);
        counts[counts.length - 1] = count;
        seen = counts;
    }

    private static boolean fits(int[] counts, byte[] key, int partition) {
        for (int count : counts) {
            if (partitionFor(key, count) == partition) {
                return true;
            }
        }
        return false;
    }
}
