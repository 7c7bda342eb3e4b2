package dev.pulse.processor;

import dev.pulse.common.kafka.KafkaRefusal;
import dev.pulse.common.topic.TopicSetup;
import dev.pulse.ops.OpsRoutes;
import dev.pulse.ops.ServiceMetrics;
import dev.pulse.processor.gate.AdminPartitionCountLookup;
import dev.pulse.processor.metrics.PipelineMetrics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running processor: its topics ensured, the Kafka Streams app started, and an HTTP server with {@code /health},
 * {@code /ready} (Kafka Streams RUNNING, i.e. not rebalancing or restoring) and {@code /metrics}. Closing stops HTTP
 * first, then Streams (committing its last transaction).
 */
public final class ProcessorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REFUSAL_BACKOFF = Duration.ofSeconds(5);

    private final AdminPartitionCountLookup rawPartitions;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final PrometheusMeterRegistry registry;
    private final Javalin http;
    /** What Kafka last refused the stream threads; null while they run. */
    private volatile KafkaRefusal refusal;

    private ProcessorService(ProcessorConfig config) {
        registry = ServiceMetrics.create("processor");
        PipelineMetrics metrics = new PipelineMetrics(registry);
        rawPartitions = new AdminPartitionCountLookup(config.kafka());
        streams = new KafkaStreams(
                PulseTopology.build(config, metrics, rawPartitions), StreamsProperties.of(config, metrics));
        streams.setStateListener((now, was) -> {
            LOG.info("kafka streams state={} was={}", now, was);
            if (now == KafkaStreams.State.RUNNING && refusal != null) {
                LOG.info("kafka allows the processor again");
                refusal = null;
            }
        });
        // Bad data never gets here (it is dead-lettered); this is for bugs and broker trouble: keep the
        // thread count and let the replacement resume from the last committed transaction.
        streams.setUncaughtExceptionHandler(e -> {
            Optional<KafkaRefusal> refused = KafkaRefusal.in(e);
            if (refused.isEmpty()) {
                LOG.error("stream thread failed, replacing it", e);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            return onRefusal(refused.get());
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        streams.start();
        Javalin server;
        try {
            server = Javalin.create(cfg -> {
                        OpsRoutes.install(cfg, registry, this::notReadyReason);
                        cfg.jetty.port = config.port();
                    })
                    .start();
        } catch (RuntimeException e) {
            streams.close(CLOSE_TIMEOUT);
            rawPartitions.close();
            throw e;
        }
        http = server;
        LOG.info(
                "processor started port={} applicationId={} guarantee={} commitIntervalMs={} pollMs={} stateDir={}",
                http.port(),
                config.applicationId(),
                config.guarantee().streamsValue(),
                config.commitInterval().toMillis(),
                config.pollInterval().toMillis(),
                config.stateDir());
        LOG.info(
                "alert thresholds fleet=\"{}\" enginesWithOwnRules={}",
                config.alerts().fleet(),
                config.alerts().engines().size());
    }

    /**
     * A missing ACL or a refused login ends every stream thread the same way until an operator grants it: one line per
     * new refusal (not a stack trace per thread), readiness says it, and replacements come at a slow pace, so the
     * processor resumes by itself once it is allowed.
     */
    private StreamThreadExceptionResponse onRefusal(KafkaRefusal refused) {
        if (!refused.equals(refusal)) {
            LOG.error("stream thread stopped reason=\"{}\" retryAfter={}", refused.describe(), REFUSAL_BACKOFF);
        }
        refusal = refused;
        try {
            Thread.sleep(REFUSAL_BACKOFF);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Ensures the pipeline's topics, then starts processing. */
    public static ProcessorService start(ProcessorConfig config) {
        TopicSetup.ensure(config.kafka(), config.topics(), config.topicSettings());
        return new ProcessorService(config);
    }

    /** The HTTP port (the real one when configured as 0). */
    public int port() {
        return http.port();
    }

    /** The Kafka Streams state: RUNNING when processing, REBALANCING while partitions move or stores restore. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Empty when ready (RUNNING), else why not. */
    public Optional<String> notReadyReason() {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        KafkaRefusal refused = refusal;
        return Optional.of(refused != null ? refused.describe() : "kafka streams is " + state);
    }

    @Override
    public void close() {
        http.stop();
        // Leave the group: whoever takes over gets the partitions now, not after the session timeout.
        CloseOptions options = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT);
        if (!streams.close(options)) {
            LOG.warn("kafka streams did not close within {}", CLOSE_TIMEOUT);
        }
        rawPartitions.close();
        streamsMetrics.close();
        registry.close();
    }
}
