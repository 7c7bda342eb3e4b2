package dev.pulse.collector;

import dev.pulse.common.config.Env;
import java.time.Duration;

/**
 * How readings reach Kafka.
 *
 * @param bufferCapacity {@code COLLECTOR_BUFFER_CAPACITY}: the most readings held while Kafka does not acknowledge them
 *     (queued plus handed to the producer); beyond it the oldest queued are dropped
 * @param bufferBytes {@code COLLECTOR_BUFFER_BYTES}: the most bytes (readings as JSON) held the same way; default a
 *     quarter of the heap, at most 16 MiB
 * @param shutdownTimeout {@code COLLECTOR_SHUTDOWN_TIMEOUT}: how long close() may spend flushing
 * @param createTopics {@code COLLECTOR_CREATE_TOPICS}: create missing pipeline topics (in the background)
 */
public record PublishSettings(int bufferCapacity, int bufferBytes, Duration shutdownTimeout, boolean createTopics) {
    public static final int MIN_BUFFER_BYTES = 64 * 1024;
    public static final PublishSettings DEFAULT =
            new PublishSettings(10_000, defaultBufferBytes(), Duration.ofSeconds(10), true);

    public static PublishSettings fromEnv(Env env) {
        return new PublishSettings(
                env.integer("COLLECTOR_BUFFER_CAPACITY", DEFAULT.bufferCapacity, 10, 1_000_000),
                env.integer("COLLECTOR_BUFFER_BYTES", DEFAULT.bufferBytes, MIN_BUFFER_BYTES, Integer.MAX_VALUE),
                env.duration(
                        "COLLECTOR_SHUTDOWN_TIMEOUT",
                        DEFAULT.shutdownTimeout,
                        Duration.ofMillis(100),
                        Duration.ofMinutes(5)),
                env.bool("COLLECTOR_CREATE_TOPICS", DEFAULT.createTopics));
    }

    /** A quarter of the heap, at most 16 MiB: what the buffer may hold without starving the rest of the collector. */
    static int defaultBufferBytes() {
        long quarter = Runtime.getRuntime().maxMemory() / 4;
        return (int) Math.max(MIN_BUFFER_BYTES, Math.min(16L * 1024 * 1024, quarter));
    }
}
