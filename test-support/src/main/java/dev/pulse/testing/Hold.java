package dev.pulse.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;

/**
 * The one wait in the tests that is for time itself: a fault scenario whose subject is a duration (an engine outage
 * that lasts N seconds, a measuring window, a phase of garbage answers). Everything else waits for a condition.
 */
public final class Hold {
    private Hold() {}

    /** Returns once {@code duration} has passed; the name says why the test waits, e.g. {@code holdFor(outage)}. */
    public static void holdFor(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a hold cannot be negative: " + duration);
        }
        await("a hold of " + duration)
                .pollDelay(duration)
                .atMost(duration.plusSeconds(5))
                .until(() -> true);
    }

    /**
     * The rest of a hold that began at {@code startedAt} (e.g. the outage began before the test checked its effect).
     */
    public static void holdFor(Duration duration, Instant startedAt) {
        Duration left = Duration.between(Instant.now(), startedAt.plus(duration));
        holdFor(left.isNegative() ? Duration.ZERO : left);
    }
}
