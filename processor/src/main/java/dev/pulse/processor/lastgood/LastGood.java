package dev.pulse.processor.lastgood;

import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamValues;
import java.time.Instant;

/**
 * What the processor knows about one engine's stream (value of the {@code <stream>-last-good-store}): the last valid
 * values and why newer ones may be missing.
 *
 * @param values the last valid values; null while only status reports have arrived
 * @param sequence the collector sequence of the reading behind {@code values}
 * @param collectedAt when the collector took that reading (the base of {@code age_ms})
 * @param freshSinceMs wall-clock time of the last valid reading (or of the engine's return to UP): staleness is
 *     measured from here
 * @param outage the collector's report while the engine is DOWN or its circuit OPEN, else null
 * @param status the status of the last event emitted
 * @param emittedAtMs wall-clock time of the last event emitted: STALE/FALLBACK repeat from here
 */
public record LastGood<V extends StreamValues>(
        V values,
        long sequence,
        Instant collectedAt,
        long freshSinceMs,
        EngineStatus outage,
        EventStatus status,
        long emittedAtMs) {

    /** Nothing known yet. */
    public static <V extends StreamValues> LastGood<V> unknown() {
        return new LastGood<>(null, 0, null, 0, null, EventStatus.LIVE, 0);
    }

    /** A valid reading just emitted LIVE. */
    public static <V extends StreamValues> LastGood<V> live(V values, long sequence, Instant collectedAt, long nowMs) {
        return new LastGood<>(values, sequence, collectedAt, nowMs, null, EventStatus.LIVE, nowMs);
    }

    public boolean hasValues() {
        return values != null;
    }

    /** The collector's report, applied: UP ends an outage and restarts the staleness clock. */
    public LastGood<V> withReport(EngineStatus report, long nowMs) {
        if (report.state() == EngineState.UP) {
            return new LastGood<>(values, sequence, collectedAt, nowMs, null, status, emittedAtMs);
        }
        return new LastGood<>(values, sequence, collectedAt, freshSinceMs, report, status, emittedAtMs);
    }

    public LastGood<V> emitted(EventStatus emittedStatus, long nowMs) {
        return new LastGood<>(values, sequence, collectedAt, freshSinceMs, outage, emittedStatus, nowMs);
    }

    /** Milliseconds from collection of the values to {@code nowMs}; never negative, even if the clocks disagree. */
    public long ageMs(long nowMs) {
        return collectedAt == null ? 0 : Math.max(0, nowMs - collectedAt.toEpochMilli());
    }
}
