package dev.pulse.common.topic;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until every partition of new topics has a leader that serves it. A created topic is in the metadata before its
 * leader has made the log: a producer that writes at once gets NOT_LEADER_OR_FOLLOWER, and the idempotent producer's
 * batches in flight behind the refused one can then be refused as out of order until their delivery timeout (two
 * minutes), which stalled a fault scenario's writes for exactly that long. Listing the end offsets asks each
 * partition's leader itself.
 */
public final class TopicLeaders {
    private TopicLeaders() {}

    /** @throws IllegalStateException naming the topics when some partition has no serving leader within the timeout */
    public static void await(Admin admin, Collection<String> names, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    admin.listOffsets(partitions(admin, names, timeout))
                            .all()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (ExecutionException e) {
                    // Right after creation both calls may answer UNKNOWN_TOPIC_OR_PARTITION (the metadata or the
                    // leader's log is not there yet), which the admin client does not retry by itself.
                    if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    TimeUnit.MILLISECONDS.sleep(50); // back-off before asking again
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(
                    "the partitions of " + names + " got no serving leader within " + timeout + ": " + cause, cause);
        }
    }

    /** The latest offset of every partition each topic has (one that existed already keeps its own count). */
    private static Map<TopicPartition, OffsetSpec> partitions(Admin admin, Collection<String> names, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (var topic : admin.describeTopics(names)
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .values()) {
            topic.partitions()
                    .forEach(p -> ends.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
        }
        return ends;
    }
}
