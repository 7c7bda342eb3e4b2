package dev.pulse.simulator.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A fault injected into one engine.
 *
 * @param mode what the fault does
 * @param delay how long {@code slow} answers wait
 * @param period how long each half of a {@code flapping} cycle lasts
 * @param since when the fault was injected (flapping starts its cycle here)
 */
public record Fault(FaultMode mode, Duration delay, Duration period, Instant since) {
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(2);

    public Fault {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(since, "since");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive");
        }
    }

    /** Whether the engine behaves as {@link FaultMode#DOWN} at {@code now}. */
    public boolean isDownAt(Instant now) {
        return switch (mode) {
            case DOWN -> true;
            case FLAPPING -> (Duration.between(since, now).toMillis() / period.toMillis()) % 2 == 0;
            default -> false;
        };
    }
}
