package dev.pulse.common.topic;

import dev.pulse.common.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics when they are missing, so any service can start first. Existing topics are left as they
 * are: on a real cluster, operators own them. On a cluster with ACLs a service sees only the topics it may describe;
 * one it may neither describe nor create is left to others (a log line says so), as the collector has no business with
 * the stream topics, nor the gateway with the raw one.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicSetup() {}

    /** Every topic of the pipeline, with its retention. */
    public static List<NewTopic> pipelineTopics(PipelineTopics topics, TopicSettings settings) {
        return List.of(
                topic(
                        topics.raw().name(),
                        settings,
                        Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_DELETE,
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(Duration.ofDays(7).toMillis()))),
                topic(
                        topics.dlq().name(),
                        settings,
                        Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_DELETE,
                                TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(Duration.ofDays(14).toMillis()))),
                dashboard(topics.analytics().name(), settings),
                dashboard(topics.memory().name(), settings),
                dashboard(topics.graph().name(), settings),
                alerts(topics.alerts().name(), settings));
    }

    /** Creates whichever of the pipeline's topics (under the deployment's prefix) do not exist yet. */
    public static void ensure(KafkaSettings kafka, PipelineTopics topics, TopicSettings settings) {
        try (Admin admin = Admin.create(kafka.toProperties())) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = pipelineTopics(topics, settings).stream()
                    .filter(t -> !existing.contains(t.name()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    created.add(entry.getKey());
                    LOG.info(
                            "topic created name={} partitions={} replicationFactor={}",
                            entry.getKey(),
                            settings.partitions(),
                            settings.replicationFactor());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AuthorizationException) {
                        // Least privilege: a service sees only the topics it may describe, so the others look
                        // missing, and it may not create them. Whether they exist is up to the operator.
                        LOG.info(
                                "topic left to others name={} reason=\"not authorized to describe or create it\"",
                                entry.getKey());
                    } else if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(
                                "cannot create topic " + entry.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
            }
            // So that the first writes of this service (or the next) do not race the new partitions' leaders.
            TopicLeaders.await(admin, created, TIMEOUT);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list topics at " + kafka.bootstrapServers() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + kafka.bootstrapServers() + " did not answer within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static NewTopic dashboard(String name, TopicSettings settings) {
        // compact+delete: the latest event per engine survives for new subscribers, old history ages out.
        return topic(
                name,
                settings,
                Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG,
                                Long.toString(Duration.ofDays(1).toMillis()),
                        TopicConfig.SEGMENT_MS_CONFIG,
                                Long.toString(Duration.ofHours(1).toMillis())));
    }

    private static NewTopic alerts(String name, TopicSettings settings) {
        // compact only: an engine's latest record is its whole alert state, however long an alert lasts; a
        // retired engine's tombstone removes it. The lag keeps a day of transitions for subscribers that replay.
        return topic(
                name,
                settings,
                Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                                Long.toString(Duration.ofDays(1).toMillis()),
                        TopicConfig.SEGMENT_MS_CONFIG,
                                Long.toString(Duration.ofHours(1).toMillis())));
    }

    private static NewTopic topic(String name, TopicSettings settings, Map<String, String> configs) {
        return new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(configs);
    }
}
