package dev.pulse.processor;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.time.Duration;
import java.util.Objects;

/**
 * The processor's clocks: event-time windows and the wall-clock checks for staleness, repeats and retirement.
 *
 * @param windowSize {@code WINDOW_SIZE}: length of the tumbling windows (event time = the reading's timestamp)
 * @param windowGrace {@code WINDOW_GRACE}: how long after its end a window still accepts late readings
 * @param staleAfter {@code STALE_AFTER}: silence after which a stream is reported STALE
 * @param fallbackInterval {@code FALLBACK_INTERVAL}: the first interval between repeats of an unchanged STALE/FALLBACK
 *     state; each further repeat waits twice as long, up to fallbackRepeatMax
 * @param fallbackRepeatMax {@code FALLBACK_REPEAT_MAX}: the longest interval between repeats, at least fallbackInterval
 * @param retireAfter {@code ENGINE_RETIRE_AFTER}: an engine with no valid reading on any stream for this long is
 *     retired; zero = never; else longer than staleAfter
 * @param punctuateInterval {@code PUNCTUATE_INTERVAL}: how often the wall-clock punctuator closes windows and checks
 *     staleness; repeats land on this grid, so keep it well below fallbackInterval
 */
public record StreamTiming(
        Duration windowSize,
        Duration windowGrace,
        Duration staleAfter,
        Duration fallbackInterval,
        Duration fallbackRepeatMax,
        Duration retireAfter,
        Duration punctuateInterval) {
    public static final StreamTiming DEFAULT = new StreamTiming(
            Duration.ofSeconds(60),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            Duration.ofHours(24),
            Duration.ofMillis(250));

    public StreamTiming {
        Objects.requireNonNull(windowSize, "windowSize");
        Objects.requireNonNull(windowGrace, "windowGrace");
        Objects.requireNonNull(staleAfter, "staleAfter");
        Objects.requireNonNull(fallbackInterval, "fallbackInterval");
        Objects.requireNonNull(fallbackRepeatMax, "fallbackRepeatMax");
        Objects.requireNonNull(retireAfter, "retireAfter");
        Objects.requireNonNull(punctuateInterval, "punctuateInterval");
        if (punctuateInterval.compareTo(fallbackInterval) > 0) {
            throw new ConfigException(
                    "PUNCTUATE_INTERVAL",
                    "at most FALLBACK_INTERVAL (" + fallbackInterval + ")",
                    punctuateInterval.toString());
        }
        if (fallbackRepeatMax.compareTo(fallbackInterval) < 0) {
            throw new ConfigException(
                    "FALLBACK_REPEAT_MAX",
                    "at least FALLBACK_INTERVAL (" + fallbackInterval + ")",
                    fallbackRepeatMax.toString());
        }
        if (!retireAfter.isZero() && retireAfter.compareTo(staleAfter) <= 0) {
            throw new ConfigException(
                    "ENGINE_RETIRE_AFTER",
                    "0 (never) or longer than STALE_AFTER (" + staleAfter + ")",
                    retireAfter.toString());
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
                        "FALLBACK_REPEAT_MAX", DEFAULT.fallbackRepeatMax, Duration.ofMillis(100), Duration.ofHours(1)),
                retireAfter(env),
                env.duration(
                        "PUNCTUATE_INTERVAL", DEFAULT.punctuateInterval, Duration.ofMillis(10), Duration.ofMinutes(1)));
    }

    /** {@code ENGINE_RETIRE_AFTER}, where a bare {@code 0} (never) is accepted beside {@code 0s}. */
    private static Duration retireAfter(Env env) {
        if (env.raw("ENGINE_RETIRE_AFTER")
                .map(String::strip)
                .filter("0"::equals)
                .isPresent()) {
            return Duration.ZERO;
        }
        return env.duration("ENGINE_RETIRE_AFTER", DEFAULT.retireAfter, Duration.ZERO, Duration.ofDays(365));
    }

    /**
     * The back-off: the interval before the repeat after one that waited {@code previousMs} (0 or less: the state just
     * changed, so the first interval).
     */
    public long nextRepeatAfterMs(long previousMs) {
        if (previousMs <= 0) {
            return fallbackInterval.toMillis();
        }
        return Math.min(fallbackRepeatMax.toMillis(), 2 * previousMs);
    }
}
