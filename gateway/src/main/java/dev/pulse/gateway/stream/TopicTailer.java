package dev.pulse.gateway.stream;

import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.model.StreamName;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's one Kafka consumer: assigns itself every partition of the dashboard topics (no group, so replicas share
 * nothing), reads them from the start to fill the snapshot cache, then follows them live, handing each batch to the
 * {@link FanOut}.
 */
public final class TopicTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicTailer.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<String, byte[]> consumer;
    private final PartitionLayout layout;
    private final Map<StreamName, AtomicLong> lag = new EnumMap<>(StreamName.class);
    private final Thread thread;
    private volatile FanOut fanOut;
    private volatile boolean running = true;
    private volatile Map<TopicPartition, Long> startEnd;
    private volatile boolean caughtUp;

    public TopicTailer(KafkaSettings kafka) {
        this.consumer = KafkaReaders.consumer(kafka, "pulse-gateway-tailer");
        for (StreamName stream : StreamName.values()) {
            lag.put(stream, new AtomicLong());
        }
        this.layout = new PartitionLayout(partitionCounts(consumer));
        this.thread = new Thread(this::run, "gateway-tailer");
    }

    private static Map<StreamName, Integer> partitionCounts(KafkaConsumer<String, byte[]> consumer) {
        Map<StreamName, Integer> counts = new EnumMap<>(StreamName.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (StreamName stream : StreamName.values()) {
            // Metadata of a topic created a moment ago may not have reached this client yet.
            List<PartitionInfo> infos = consumer.partitionsFor(stream.topic(), Duration.ofSeconds(30));
            while ((infos == null || infos.isEmpty()) && System.nanoTime() < deadline) {
                sleepQuietly();
                infos = consumer.partitionsFor(stream.topic(), Duration.ofSeconds(30));
            }
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + stream.topic() + " has no partitions");
            }
            counts.put(stream, infos.size());
        }
        return counts;
    }

    public PartitionLayout layout() {
        return layout;
    }

    /** Starts reading into the fan-out. */
    public void start(FanOut target) {
        this.fanOut = target;
        List<TopicPartition> partitions = layout.partitions();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        long[] seed = new long[layout.size()];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = beginning.get(layout.partition(i));
        }
        target.seed(seed);
        // With read_committed these are the last stable offsets: what "caught up" means.
        startEnd = consumer.endOffsets(partitions);
        LOG.info(
                "tailer started partitions={} endOffsets={}",
                partitions.size(),
                startEnd.values().stream().mapToLong(Long::longValue).sum());
        thread.start();
    }

    /** True once the consumer reached the end offsets the topics had at start-up. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records not yet read, per stream, as of the last poll. */
    public long lag(StreamName stream) {
        return lag.get(stream).get();
    }

    private void run() {
        while (running) {
            try {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    fanOut.dispatch(records);
                }
                updateLagAndReadiness();
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                LOG.warn("tailer poll failed error={}", e.toString());
                sleepQuietly();
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    private void updateLagAndReadiness() {
        Map<StreamName, Long> sums = new EnumMap<>(StreamName.class);
        for (TopicPartition tp : layout.partitions()) {
            StreamName stream = StreamName.forTopic(tp.topic()).orElseThrow();
            sums.merge(stream, consumer.currentLag(tp).orElse(0), Long::sum);
        }
        sums.forEach((stream, value) -> lag.get(stream).set(value));
        if (!caughtUp && startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            caughtUp = true;
            LOG.info("tailer caught up partitions={}", startEnd.size());
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            if (fanOut == null) {
                consumer.close(Duration.ofSeconds(5));
            }
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
