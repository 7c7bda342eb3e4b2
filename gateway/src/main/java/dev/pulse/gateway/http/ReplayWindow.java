package dev.pulse.gateway.http;

import dev.pulse.ops.BadRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The times a client may ask for ({@code since}, and {@code until} where an endpoint takes one): what the dashboard
 * topics can still hold. Earlier than the longest retention of the topics is clamped to it (Kafka holds nothing older);
 * before 1970 (Kafka's timestamps start there) or further in the future than {@link #MAX_FUTURE} is a 400, so no
 * instant reaches Kafka's millisecond arithmetic out of range.
 *
 * @param retention the longest {@code retention.ms} of the dashboard topics; empty = unlimited
 * @param clock the time "now" is read from
 */
public record ReplayWindow(Optional<Duration> retention, Clock clock) {
    /** Room for clocks that disagree: a client's "now" may be a little ahead of the gateway's. */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    /** Checks a client's time and returns it clamped to the earliest the topics can hold. */
    public Instant check(String parameter, Instant requested) {
        Instant now = clock.instant();
        Instant latest = now.plus(MAX_FUTURE);
        if (requested.isBefore(Instant.EPOCH) || requested.isAfter(latest)) {
            throw new BadRequest(parameter + " " + requested + " is out of range: the topics hold events from "
                    + earliest(now) + " up to now; give a time in that range (at most " + MAX_FUTURE.toMinutes()
                    + " minutes ahead of the gateway's clock)");
        }
        Instant earliest = earliest(now);
        return requested.isBefore(earliest) ? earliest : requested;
    }

    private Instant earliest(Instant now) {
        return retention
                .filter(r -> r.compareTo(Duration.between(Instant.EPOCH, now)) < 0)
                .map(now::minus)
                .orElse(Instant.EPOCH);
    }
}
