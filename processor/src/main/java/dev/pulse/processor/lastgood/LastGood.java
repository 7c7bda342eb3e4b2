package dev.pulse.processor.lastgood;

import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.common.model.EventStatus;
import dev.pulse.common.model.StreamValues;
import java.time.Duration;
import java.time.Instant;

/**
 * What the processor knows about one engine's stream: the last valid values, why newer ones may be missing, and when
 * the next repeat is due. Fields added after the first release ({@code run}, {@code validAtMs}, {@code repeatAfterMs})
 * read as 0 from older state; {@link #validSinceMs()} and the back-off cope with that.
 *
 * @param values the last valid values; null while only status reports have arrived
 * @param run the collector run of the reading behind {@code values} (0 without values, or when the producer did not
 *     say)
 * @param sequence the collector sequence of the reading behind {@code values}
 * @param collectedAt when the collector took that reading (the base of {@code age_ms})
 * @param validAtMs wall-clock time of the last valid reading, or of the state's creation before any: retirement for
 *     silence is measured from here
 * @param freshSinceMs wall-clock time of the last valid reading (or of the engine's return to UP): staleness is
 *     measured from here
 * @param outage the collector's report while the engine is DOWN or its circuit OPEN, else null
 * @param status the status of the last event emitted
 * @param emittedAtMs wall-clock time of the last event emitted: STALE/FALLBACK repeat from here
 * @param repeatAfterMs how long after {@code emittedAtMs} the next STALE/FALLBACK repeat is due (the back-off); 0 after
 *     a LIVE event
 */
public record LastGood<V extends StreamValues>(
        V values,
        long run,
        long sequence,
        Instant collectedAt,
        long validAtMs,
        long freshSinceMs,
        EngineStatus outage,
        EventStatus status,
        long emittedAtMs,
        long repeatAfterMs) {

    /** The status of the last event emitted, for log lines: "none" before the first (the state's status is LIVE). */
    public String lastEmitted() {
        return emittedAtMs == 0 ? "none" : status.name();
    }

    /** Nothing known yet, as of {@code nowMs}. */
    public static <V extends StreamValues> LastGood<V> unknown(long nowMs) {
        return new LastGood<>(null, 0, 0, null, nowMs, nowMs, null, EventStatus.LIVE, 0, 0);
    }

    /** A valid reading just emitted LIVE. */
    public static <V extends StreamValues> LastGood<V> live(
            V values, long run, long sequence, Instant collectedAt, long nowMs) {
        return new LastGood<>(values, run, sequence, collectedAt, nowMs, nowMs, null, EventStatus.LIVE, nowMs, 0);
    }

    public boolean hasValues() {
        return values != null;
    }

    /** The collector's report, applied: UP ends an outage and restarts the staleness clock. */
    public LastGood<V> withReport(EngineStatus report, long nowMs) {
        if (report.state() == EngineState.UP) {
            return new LastGood<>(
                    values, run, sequence, collectedAt, validAtMs, nowMs, null, status, emittedAtMs, repeatAfterMs);
        }
        return new LastGood<>(
                values,
                run,
                sequence,
                collectedAt,
                validAtMs,
                freshSinceMs,
                report,
                status,
                emittedAtMs,
                repeatAfterMs);
    }

    /** Remembers an emission and the interval until the next repeat. */
    public LastGood<V> emitted(EventStatus emittedStatus, long nowMs, long nextRepeatAfterMs) {
        return new LastGood<>(
                values,
                run,
                sequence,
                collectedAt,
                validAtMs,
                freshSinceMs,
                outage,
                emittedStatus,
                nowMs,
                nextRepeatAfterMs);
    }

    /** Since when the stream has had no valid reading (state written before {@code validAtMs} existed: fresh-since). */
    public long validSinceMs() {
        return validAtMs > 0 ? validAtMs : freshSinceMs;
    }

    /** Whether the stream has had no valid reading for {@code retireAfter} (never when it is zero). */
    public boolean retirementDue(long nowMs, Duration retireAfter) {
        return !retireAfter.isZero() && nowMs - validSinceMs() >= retireAfter.toMillis();
    }

    /** Milliseconds from collection of the values to {@code nowMs}; never negative, even if the clocks disagree. */
    public long ageMs(long nowMs) {
        return collectedAt == null ? 0 : Math.max(0, nowMs - collectedAt.toEpochMilli());
    }
}
