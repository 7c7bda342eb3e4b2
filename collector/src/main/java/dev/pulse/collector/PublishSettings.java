package dev.pulse.collector;

import dev.pulse.common.config.Env;
import java.time.Duration;

/**
 * How readings reach Kafka.
 *
 * @param bufferCapacity {@code COLLECTOR_BUFFER_CAPACITY}: the most readings held while Kafka does not acknowledge them
 *     (queued plus handed to the producer); beyond it the oldest queued are dropped
 * @param shutdownTimeout {@code COLLECTOR_SHUTDOWN_TIMEOUT}: how long close() may spend flushing
 * @param createTopics {@code COLLECTOR_CREATE_TOPICS}: create missing pipeline topics (in the background)
 */
public record PublishSettings(int bufferCapacity, Duration shutdownTimeout, boolean createTopics) {
    public static final PublishSettings DEFAULT = new PublishSettings(10_000, Duration.ofSeconds(10), true);

    public static PublishSettings fromEnv(Env env) {
        return new PublishSettings(
                env.integer("COLLECTOR_BUFFER_CAPACITY", DEFAULT.bufferCapacity, 10, 1_000_000),
                env.duration(
                        "COLLECTOR_SHUTDOWN_TIMEOUT",
                        DEFAULT.shutdownTimeout,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(5)),
                env.bool("COLLECTOR_CREATE_TOPICS", DEFAULT.createTopics));
    }
}
