package dev.pulse.gateway.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;

/**
 * A consumer that follows every partition of some topics on its own thread, without a group (so replicas share
 * nothing), handing each poll to a {@link Reader}. Every check interval it compares the topics' partition counts with
 * those it reads and reads partitions added since from their beginning: an assigned consumer, unlike a group member, is
 * told of no new partition. What the records are for, and when a tailer has caught up, is its reader's business.
 */
public final class TailingConsumer implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

    /** What a tailer does with what its consumer reads, on the tailing thread. */
    public interface Reader {
        /** One poll's records, at times none: called after every poll, so that the reader can note its progress. */
        void read(ConsumerRecords<String, byte[]> records);

        /** The topic has grown to {@code partitionCount} partitions; the added ones are read from their beginning. */
        default void grown(String topic, int partitionCount) {}
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final Duration partitionCheckInterval;
    private final Logger log;
    private final String name;
    private final Thread thread;
    /** Per topic, the partitions read; null until they are first looked up. */
    private Map<String, Integer> partitionCounts;

    private volatile boolean running = true;
    private volatile boolean started;
    private Reader reader;
    private long nextPartitionCheck;

    /**
     * @param consumer a consumer without a group, whose metadata is refreshed as often as the partitions are checked
     * @param partitionCheckInterval how often to look for partitions added to the topics
     * @param log the tailer's logger: these lines are about the tailer, and name it
     * @param name what the log lines call the tailer
     * @param threadName the name of the tailing thread
     */
    public TailingConsumer(
            KafkaConsumer<String, byte[]> consumer,
            List<String> topics,
            Duration partitionCheckInterval,
            Logger log,
            String name,
            String threadName) {
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.partitionCheckInterval = partitionCheckInterval;
        this.log = log;
        this.name = name;
        this.thread = new Thread(this::run, threadName);
    }

    /** The partition count of each topic, in the order given, as first looked up; before {@link #follow}. */
    public Map<String, Integer> partitionCounts() {
        if (partitionCounts == null) {
            partitionCounts = lookUpPartitionCounts();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(partitionCounts));
    }

    private Map<String, Integer> lookUpPartitionCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        for (String topic : topics) {
            // Metadata of a topic created a moment ago may not have reached this client yet.
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_WAIT);
            while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline) {
                pause();
                infos = consumer.partitionsFor(topic, METADATA_WAIT);
            }
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }
            counts.put(topic, infos.size());
        }
        return counts;
    }

    /** Assigns every partition of the topics, each to be read from its beginning; before {@link #follow}. */
    public List<TopicPartition> assignFromBeginning() {
        partitionCounts();
        List<TopicPartition> partitions = assigned();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return partitions;
    }

    /** The first offsets of the partitions; before {@link #follow}, the consumer being for one thread only. */
    public Map<TopicPartition, Long> beginningOffsets(List<TopicPartition> partitions) {
        return consumer.beginningOffsets(partitions);
    }

    /** The end offsets of the partitions (the last stable ones: read_committed); before {@link #follow}. */
    public Map<TopicPartition, Long> endOffsets(List<TopicPartition> partitions) {
        return consumer.endOffsets(partitions);
    }

    /** Starts the tailing thread, which hands the reader every poll. */
    public void follow(Reader target) {
        // Set before the thread starts, which makes them visible to it.
        this.reader = target;
        nextPartitionCheck = System.nanoTime() + partitionCheckInterval.toNanos();
        started = true;
        thread.start();
    }

    /** True when the consumer's position on each partition is at least its offset; from the reader. */
    public boolean reached(Map<TopicPartition, Long> offsets) {
        return offsets.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /**
     * Records of the partition not yet read, as of the last poll (0 when the consumer cannot tell); from the reader.
     */
    public long lag(TopicPartition partition) {
        return consumer.currentLag(partition).orElse(0);
    }

    private void run() {
        while (running) {
            try {
                reader.read(consumer.poll(POLL));
                if (System.nanoTime() - nextPartitionCheck >= 0) {
                    nextPartitionCheck = System.nanoTime() + partitionCheckInterval.toNanos();
                    addNewPartitions();
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                log.warn("{} poll failed error={}", name, e.toString());
                pause();
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    /** Reads partitions added to the topics since the last check from their beginning (their first event is new). */
    private void addNewPartitions() {
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = partitionsNow(topic);
            int before = partitionCounts.get(topic);
            if (infos == null || infos.size() <= before) {
                continue;
            }
            for (int p = before; p < infos.size(); p++) {
                added.add(new TopicPartition(topic, p));
            }
            partitionCounts.put(topic, infos.size());
            reader.grown(topic, infos.size());
            log.info("stream topic partitions added topic={} from={} to={}", topic, before, infos.size());
        }
        if (!added.isEmpty()) {
            // assign() keeps the positions of the partitions it had.
            consumer.assign(assigned());
            consumer.seekToBeginning(added);
        }
    }

    private List<TopicPartition> assigned() {
        List<TopicPartition> partitions = new ArrayList<>();
        partitionCounts.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        });
        return partitions;
    }

    /** The topic's partitions as the consumer's metadata has them; null when it cannot tell now (tried again later). */
    private List<PartitionInfo> partitionsNow(String topic) {
        try {
            return consumer.partitionsFor(topic, POLL);
        } catch (KafkaException e) {
            log.warn("stream topic partition check failed topic={} error={}", topic, e.toString());
            return null;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the tailing thread, which closes the consumer; closes it here when the thread never ran. */
    @Override
    public void close() {
        running = false;
        if (!started) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
