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
 * @param status LIVE for a fresh reading; STALE or FALLBACK when the values are the last good ones (FALLBACK with null
 *     values when there has never been a good one); RETIRED for the last event of an engine that is no longer watched
 * @param run the collector run of the reading the values come from (see {@link RawReading#run()}), 0 without values
 * @param sequence the collector sequence number of the reading the values come from ((run, sequence) is unique per
 *     engine and stream among LIVE events; repeated by STALE/FALLBACK events), 0 without values
 * @param observedAt when the engine took the reading behind the values, null without values
 * @param emittedAt when the processor emitted this event
 * @param ageMs how old the values are at emission: emittedAt − the time the reading was collected
 * @param reason why the values are not LIVE (engine error, silence), null when LIVE
 * @param values the validated values; null when the engine has produced no valid reading yet (FALLBACK) and may be null
 *     for RETIRED
 * @param window the current (partial) window, null before the first reading
 * @param lastWindow the last completed window, null until one completes
 */
public record StreamEvent<V extends StreamValues>(
        String engineId,
        StreamName stream,
        EventStatus status,
        long run,
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
        if (values == null && (status == EventStatus.LIVE || status == EventStatus.STALE)) {
            throw new IllegalArgumentException(status + " events carry values");
        }
    }

    /** Whether the event carries values: false for "no data yet" and for a retirement without any. */
    public boolean hasValues() {
        return values != null;
    }

    /** The age of the values as a duration. */
    public Duration age() {
        return Duration.ofMillis(ageMs);
    }
}
