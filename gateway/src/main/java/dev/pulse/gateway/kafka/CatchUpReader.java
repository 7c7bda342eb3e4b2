package dev.pulse.gateway.kafka;

import dev.pulse.common.model.StreamName;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * A short-lived consumer of one resuming client: checks its resume point against what Kafka still holds and replays
 * from there up to where the shared fan-out took over. Opened through {@link CatchUps}, which bounds how many exist at
 * once.
 */
public final class CatchUpReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_QUIET = Duration.ofSeconds(30);
    /**
     * Records replayed between yields. A replay runs on a virtual thread, and virtual threads are not preempted: while
     * its client's socket has room a replay would keep its carrier for a whole poll's worth of records, and the live
     * writers (virtual threads on the same few carriers, one per core) would wait behind it: the live clients' latency
     * spiked when 16 replays started at once in the fault suite's replay-flood scenario.
     */
    private static final int YIELD_EVERY = 32;

    /**
     * Receives replayed records in partition order, each with the position just after it; may fail on a dead client.
     */
    @FunctionalInterface
    public interface Sink {
        void accept(int index, ConsumerRecord<String, byte[]> record, Positions after) throws IOException;
    }

    /**
     * A resume point checked against what Kafka holds.
     *
     * @param positions where to replay from
     * @param notices one per partition that had to be moved, for the client: never silent
     */
    public record Checked(Positions positions, List<Map<String, Object>> notices) {
        public Checked {
            notices = List.copyOf(notices);
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final PartitionLayout layout;
    private final Runnable release;

    CatchUpReader(KafkaConsumer<String, byte[]> consumer, PartitionLayout layout, Runnable release) {
        this.consumer = consumer;
        this.layout = layout;
        this.release = release;
    }

    /** {@code position} with the streams' partitions at the first offset at or after {@code since}, or their end. */
    public Positions seekTime(Instant since, Set<StreamName> streams, Positions position) {
        Map<TopicPartition, Long> query = new HashMap<>();
        for (int i : layout.indexes(streams)) {
            query.put(layout.partition(i), since.toEpochMilli());
        }
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> end = consumer.endOffsets(query.keySet());
        Map<TopicPartition, Long> sought = new HashMap<>();
        for (TopicPartition tp : query.keySet()) {
            OffsetAndTimestamp hit = found.get(tp);
            sought.put(tp, hit != null ? hit.offset() : end.get(tp));
        }
        return position.with(sought);
    }

    /**
     * Moves resume offsets that Kafka no longer holds to the earliest held offset, and offsets past the end (a topic
     * recreated after the request was checked) to the end: never a full replay for a position nobody issued.
     */
    public Checked checkRetention(Set<StreamName> streams, Positions position) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int i : layout.indexes(streams)) {
            partitions.add(layout.partition(i));
        }
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> moved = new HashMap<>();
        List<Map<String, Object>> notices = new ArrayList<>();
        for (int i : layout.indexes(streams)) {
            TopicPartition tp = layout.partition(i);
            long first = beginning.get(tp);
            long requested = position.next(i);
            String problem = null;
            if (requested == Positions.EARLIEST) {
                problem = "partition_not_in_token";
            } else if (requested < first) {
                problem = "token_expired";
            } else if (requested > end.get(tp)) {
                problem = "token_beyond_end";
            }
            if (problem != null) {
                long resumed = problem.equals("token_beyond_end") ? end.get(tp) : first;
                moved.put(tp, resumed);
                Map<String, Object> notice = new LinkedHashMap<>();
                notice.put("error", problem);
                notice.put(
                        "message",
                        switch (problem) {
                            case "token_expired" ->
                                "events before offset " + first
                                        + " are no longer held; continuing from the earliest available";
                            case "token_beyond_end" ->
                                "the token points past the end of the partition (topic recreated?); continuing "
                                        + "from its end";
                            default ->
                                "the token has no position for this partition; continuing from the earliest available";
                        });
                notice.put("stream", layout.stream(i).wireName());
                notice.put("partition", tp.partition());
                notice.put("requested_offset", requested);
                notice.put("resumed_offset", resumed);
                notices.add(notice);
            }
        }
        return new Checked(position.with(moved), notices);
    }

    /** Replays [from, until) of every partition of the streams where from is below until. */
    public void replay(Set<StreamName> streams, Positions from, Positions until, Sink sink) throws IOException {
        Map<TopicPartition, Integer> open = new HashMap<>();
        for (int i : layout.indexes(streams)) {
            if (from.next(i) < until.next(i)) {
                open.put(layout.partition(i), i);
            }
        }
        if (open.isEmpty()) {
            return;
        }
        consumer.assign(open.keySet());
        open.forEach((tp, i) -> consumer.seek(tp, from.next(i)));
        Positions current = from;
        long quietSince = System.nanoTime();
        int sinceYield = 0;
        while (!open.isEmpty()) {
            boolean progressed = false;
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                Integer index = open.get(new TopicPartition(record.topic(), record.partition()));
                if (index != null && record.offset() < until.next(index)) {
                    current = current.with(index, record.offset() + 1);
                    sink.accept(index, record, current);
                    progressed = true;
                    if (++sinceYield == YIELD_EVERY) {
                        sinceYield = 0;
                        Thread.yield();
                    }
                }
            }
            // Done where the position reached the hand-over point (a transaction marker may lie beyond it).
            open.entrySet().removeIf(e -> consumer.position(e.getKey()) >= until.next(e.getValue()));
            consumer.pause(consumer.assignment().stream()
                    .filter(tp -> !open.containsKey(tp))
                    .toList());
            if (progressed) {
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > MAX_QUIET.toNanos()) {
                throw new IOException("replay from Kafka made no progress for " + MAX_QUIET);
            }
        }
    }

    @Override
    public void close() {
        try {
            consumer.close(Duration.ofSeconds(2));
        } finally {
            release.run();
        }
    }
}
