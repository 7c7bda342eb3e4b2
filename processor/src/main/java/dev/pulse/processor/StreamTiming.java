package dev.pulse.processor;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * The processor's clocks: event-time windows and the wall-clock checks for staleness.
 *
 * @param windowSize {@code WINDOW_SIZE}: length of the tumbling windows (event time = the reading's timestamp)
 * @param windowGrace {@code WINDOW_GRACE}: how long after its end a window still accepts late readings
 * @param staleAfter {@code STALE_AFTER}: silence after which a stream is reported STALE
 * @param fallbackInterval {@code FALLBACK_INTERVAL}: how often STALE/FALLBACK events repeat
 * @param punctuateInterval {@code PUNCTUATE_INTERVAL}: how often the wall-clock punctuator closes windows and checks
 *     staleness; repeats land on this grid, so keep it well below fallbackInterval
 */
public record StreamTiming(
        Duration windowSize,
        Duration windowGrace,
        Duration staleAfter,
        Duration fallbackInterval,
        Duration punctuateInterval) {
    public static final StreamTiming DEFAULT = new StreamTiming(
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            Duration.ofMillis(250));

    public StreamTiming {
        Objects.requireNonNull(windowSize, "windowSize");
        Objects.requireNonNull(windowGrace, "windowGrace");
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(fallbackInterval, "fallbackInterval");
        Objects.requireNonNull(punctuateInterval, "punctuateInterval");
        if (punctuateInterval.compareTo(fallbackInterval) > 0) {
            throw new ConfigException(
                    "PUNCTUATE_INTERVAL",
                    "at most FALLBACK_INTERVAL (" + fallbackInterval + ")",
                    punctuateInterval.toString());
        }
    }

    public static StreamTiming fromEnv(Env env) {
        return new StreamTiming(
                env.duration("WINDOW_SIZE", DEFAULT.windowSize, Duration.ofSeconds(1), Duration.ofDays(1)),
                env.duration("WINDOW_GRACE", DEFAULT.windowGrace, Duration.ZERO, Duration.ofHours(1)),
                env.duration("STALE_AFTER", DEFAULT.staleAfter, Duration.ofMillis(100), Duration.ofDays(1)),
                env.duration(
                        "FALLBACK_INTERVAL", DEFAULT.fallbackInterval, Duration.ofMillis(100), Duration.ofHours(1)),
                env.duration(
                        "PUNCTUATE_INTERVAL", DEFAULT.punctuateInterval, Duration.ofMillis(10), Duration.ofMinutes(1)));
    }
}
