package dev.pulse.gateway.kafka;

import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.model.StreamName;
import dev.pulse.common.topic.PipelineTopics;
import dev.pulse.gateway.fanout.FanOut;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's one consumer of the dashboard topics: a {@link TailingConsumer} of every partition, read from the start
 * to fill the snapshot cache, then followed live, each batch handed to the {@link FanOut}. Partitions added to the
 * topics join the {@link PartitionLayout}, numbered after those it has.
 */
public final class TopicTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicTailer.class);
    public static final Duration DEFAULT_PARTITION_CHECK_INTERVAL = Duration.ofSeconds(10);

    private final TailingConsumer consumer;
    private final PartitionLayout layout;
    private final Map<String, StreamName> streamOfTopic = new HashMap<>();
    private final Map<StreamName, AtomicLong> lag = new EnumMap<>(StreamName.class);
    private volatile FanOut fanOut;
    private volatile Map<TopicPartition, Long> startEnd;
    private volatile boolean caughtUp;

    public TopicTailer(KafkaSettings kafka, PipelineTopics topics) {
        this(kafka, topics, DEFAULT_PARTITION_CHECK_INTERVAL);
    }

    /** @param partitionCheckInterval how often to look for partitions added to the topics */
    public TopicTailer(KafkaSettings kafka, PipelineTopics topics, Duration partitionCheckInterval) {
        for (StreamName stream : StreamName.values()) {
            streamOfTopic.put(topics.dashboard(stream).name(), stream);
            lag.put(stream, new AtomicLong());
        }
        List<String> names = Arrays.stream(StreamName.values())
                .map(stream -> topics.dashboard(stream).name())
                .toList();
        // The partition counts come from the consumer's metadata: refreshed as often as they are checked.
        this.consumer = new TailingConsumer(
                KafkaReaders.consumer(kafka, "pulse-gateway-tailer", partitionCheckInterval),
                names,
                partitionCheckInterval,
                LOG,
                "tailer",
                "gateway-tailer");
        Map<StreamName, Integer> counts = new EnumMap<>(StreamName.class);
        consumer.partitionCounts().forEach((topic, count) -> counts.put(streamOfTopic.get(topic), count));
        this.layout = new PartitionLayout(topics, counts);
    }

    public PartitionLayout layout() {
        return layout;
    }

    /** Starts reading into the fan-out. */
    public void start(FanOut target) {
        this.fanOut = target;
        List<TopicPartition> partitions = consumer.assignFromBeginning();
        target.seed(Positions.of(layout, consumer.beginningOffsets(partitions)));
        // With read_committed these are the last stable offsets: what "caught up" means.
        startEnd = consumer.endOffsets(partitions);
        LOG.info(
                "tailer started partitions={} endOffsets={}",
                partitions.size(),
                startEnd.values().stream().mapToLong(Long::longValue).sum());
        consumer.follow(new TailingConsumer.Reader() {
            @Override
            public void read(ConsumerRecords<String, byte[]> records) {
                onPoll(records);
            }

            @Override
            public void grown(String topic, int partitionCount) {
                // The fan-out's position is 0 on the partitions added: they are read from their beginning.
                layout.grow(streamOfTopic.get(topic), partitionCount);
            }
        });
    }

    /** True once the consumer reached the end offsets the topics had at start-up. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Records not yet read, per stream, as of the last poll. */
    public long lag(StreamName stream) {
        return lag.get(stream).get();
    }

    private void onPoll(ConsumerRecords<String, byte[]> records) {
        if (!records.isEmpty()) {
            fanOut.dispatch(records);
        }
        updateLagAndReadiness();
    }

    private void updateLagAndReadiness() {
        Map<StreamName, Long> sums = new EnumMap<>(StreamName.class);
        for (TopicPartition tp : layout.partitions()) {
            StreamName stream = layout.stream(layout.index(tp.topic(), tp.partition()));
            sums.merge(stream, consumer.lag(tp), Long::sum);
        }
        sums.forEach((stream, value) -> lag.get(stream).set(value));
        if (!caughtUp && consumer.reached(startEnd)) {
            caughtUp = true;
            LOG.info("tailer caught up partitions={}", startEnd.size());
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
