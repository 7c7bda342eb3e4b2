package dev.pulse.processor;

import dev.pulse.processor.deadletter.DeadLetterHandler;
import dev.pulse.processor.metrics.PipelineMetrics;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings derived from a {@link ProcessorConfig}; the service and the tests use the same. */
public final class StreamsProperties {
    /** The producer's retry backoff unless KAFKA_RETRY_BACKOFF_MS says otherwise. */
    static final int RETRY_BACKOFF_MS = 10;

    private StreamsProperties() {}

    public static Properties of(ProcessorConfig config, PipelineMetrics metrics) {
        // Passed-through KAFKA_* settings (TLS, SASL) first, so the processor's own choices below win.
        Properties p = config.kafka().toProperties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.guarantee().streamsValue());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        // An idle stream thread commits only when poll returns: at Streams' 100 ms, a lone reading waited for it
        // whatever the commit interval (the poll sweep, docs/processor.md).
        p.put(StreamsConfig.POLL_MS_CONFIG, config.pollInterval().toMillis());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int)
                config.topicSettings().replicationFactor());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // A crashed instance holds its partitions until its session expires: Kafka's 45 s default would
        // leave the dashboards without events that long (the fault suite measured it). KAFKA_* wins.
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "10000");
        p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "2000");
        // Under transactions v2 a commit's markers are written after it returns, and the next transaction's
        // first write to such a partition is refused (CONCURRENT_TRANSACTIONS) and retried after this
        // backoff: at the client's 100 ms it dominated both latency and throughput at a 20 ms commit
        // interval (BENCHMARKS.md, sweep). KAFKA_RETRY_BACKOFF_MS still wins.
        if (!p.containsKey(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG)) {
            p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), RETRY_BACKOFF_MS);
        }
        // KIP-1034: failed records go to the dead-letter topic inside the task's transaction.
        p.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                config.topics().dlq().name());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(DeadLetterHandler.METRICS_CONFIG, metrics);
        return p;
    }
}
