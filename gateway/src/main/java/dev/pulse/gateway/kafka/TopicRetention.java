package dev.pulse.gateway.kafka;

import dev.pulse.common.config.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/** The longest {@code retention.ms} of the dashboard topics, read once at start-up: how far back a replay can reach. */
public final class TopicRetention {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TopicRetention() {}

    /** Empty when any topic keeps its data without a time limit ({@code retention.ms=-1}). */
    public static Optional<Duration> longest(KafkaSettings kafka, List<String> topicNames) {
        List<ConfigResource> topics = new ArrayList<>();
        for (String name : topicNames) {
            topics.add(new ConfigResource(ConfigResource.Type.TOPIC, name));
        }
        try (Admin admin = Admin.create(kafka.toProperties())) {
            long longest = 0;
            for (Config config : admin.describeConfigs(topics)
                    .all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .values()) {
                ConfigEntry entry = config.get(TopicConfig.RETENTION_MS_CONFIG);
                long ms = entry == null || entry.value() == null ? -1 : Long.parseLong(entry.value());
                if (ms < 0) {
                    return Optional.empty();
                }
                longest = Math.max(longest, ms);
            }
            return Optional.of(Duration.ofMillis(longest));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the retention of the dashboard topics: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the retention of the dashboard topics", e);
        }
    }
}
