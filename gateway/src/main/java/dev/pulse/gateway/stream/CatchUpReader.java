package dev.pulse.gateway.stream;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
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
    /** Offset meaning "the earliest still held". */
    public static final long EARLIEST = -1;

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_QUIET = Duration.ofSeconds(30);

    /** Receives replayed records in partition order; may fail on a dead client. */
    @FunctionalInterface
    public interface Sink {
        void accept(int index, ConsumerRecord<String, byte[]> record) throws IOException;
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final PartitionLayout layout;
    private final Semaphore permits;

    CatchUpReader(KafkaConsumer<String, byte[]> consumer, PartitionLayout layout, Semaphore permits) {
        this.consumer = consumer;
        this.layout = layout;
        this.permits = permits;
    }

    /** The first offset at or after {@code since} per partition; the end where there is none. */
    public void seekTime(Instant since, int[] indexes, long[] position) {
        Map<TopicPartition, Long> query = new HashMap<>();
        for (int i : indexes) {
            query.put(layout.partition(i), since.toEpochMilli());
        }
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> end = consumer.endOffsets(query.keySet());
        for (int i : indexes) {
            OffsetAndTimestamp hit = found.get(layout.partition(i));
            position[i] = hit != null ? hit.offset() : end.get(layout.partition(i));
        }
    }

    /**
     * Moves resume offsets that Kafka no longer holds (or never held) to the earliest held offset.
     *
     * @return one notice per moved partition, for the client: never silent
     */
    public List<Map<String, Object>> checkRetention(int[] indexes, long[] position) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int i : indexes) {
            partitions.add(layout.partition(i));
        }
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        List<Map<String, Object>> notices = new ArrayList<>();
        for (int i : indexes) {
            TopicPartition tp = layout.partition(i);
            long first = beginning.get(tp);
            long requested = position[i];
            String problem = null;
            if (requested == EARLIEST) {
                problem = "partition_not_in_token";
            } else if (requested < first) {
                problem = "token_expired";
            } else if (requested > end.get(tp)) {
                problem = "token_beyond_end";
            }
            if (problem != null) {
                position[i] = first;
                Map<String, Object> notice = new LinkedHashMap<>();
                notice.put("error", problem);
                notice.put(
                        "message",
                        switch (problem) {
                            case "token_expired" ->
                                "events before offset " + first
                                        + " are no longer held; continuing from the earliest available";
                            case "token_beyond_end" ->
                                "the token points past the end of the partition (topic recreated?); continuing from the earliest available";
                            default ->
                                "the token has no position for this partition; continuing from the earliest available";
                        });
                notice.put("stream", layout.stream(i).wireName());
                notice.put("partition", tp.partition());
                notice.put("requested_offset", requested);
                notice.put("resumed_offset", first);
                notices.add(notice);
            }
        }
        return notices;
    }

    /** Replays [from, until) of every partition where from is below until. */
    public void replay(int[] indexes, long[] from, long[] until, Sink sink) throws IOException {
        Map<TopicPartition, Integer> open = new HashMap<>();
        for (int i : indexes) {
            if (from[i] < until[i]) {
                open.put(layout.partition(i), i);
            }
        }
        if (open.isEmpty()) {
            return;
        }
        consumer.assign(open.keySet());
        open.forEach((tp, i) -> consumer.seek(tp, from[i]));
        long quietSince = System.nanoTime();
        while (!open.isEmpty()) {
            boolean progressed = false;
            for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                Integer index = open.get(new TopicPartition(record.topic(), record.partition()));
                if (index != null && record.offset() < until[index]) {
                    sink.accept(index, record);
                    progressed = true;
                }
            }
            // Done where the position reached the hand-over point (a transaction marker may lie beyond it).
            open.entrySet().removeIf(e -> consumer.position(e.getKey()) >= until[e.getValue()]);
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
            permits.release();
        }
    }
}
