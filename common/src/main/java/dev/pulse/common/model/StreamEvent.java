package dev.pulse.common.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The value of the dashboard topics ({@code dashboard.analytics|memory|graph}, key = engine id) and the {@code data:}
 * of each SSE event.
 *
 * @param engineId the engine
 * @param stream which stream
 * @param status LIVE for a fresh reading; STALE or FALLBACK when the values are the last good ones
 * @param sequence the collector sequence number of the reading the values come from (unique per engine and stream among
 *     LIVE events; repeated by STALE/FALLBACK events)
 * @param observedAt when the engine took the reading behind the values
 * @param emittedAt when the processor emitted this event
 * @param ageMs how old the values are at emission: emittedAt − the time the reading was collected
 * @param reason why the values are not LIVE (engine error, silence), null when LIVE
 * @param values the validated values
 * @param window the current (partial) window, null before the first reading
 * @param lastWindow the last completed window, null until one completes
 */
public record StreamEvent<V extends StreamValues>(
        String engineId,
        StreamName stream,
        EventStatus status,
        long sequence,
        Instant observedAt,
        Instant emittedAt,
        long ageMs,
        String reason,
        V values,
        WindowStats window,
        WindowStats lastWindow) {

    public StreamEvent {
        Objects.requireNonNull(engineId, "engineId");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(values, "values");
    }

    /** The age of the values as a duration. */
    public Duration age() {
        return Duration.ofMillis(ageMs);
    }
}
