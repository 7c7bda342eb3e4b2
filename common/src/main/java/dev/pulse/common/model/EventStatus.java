package dev.pulse.common.model;

/** How fresh a stream event's values are. */
public enum EventStatus {
    /** Values from a reading just validated. */
    LIVE,
    /** No reading arrived within the staleness bound; the values are the last good ones. */
    STALE,
    /**
     * The engine is down (or its circuit open); the values are the last good ones, or null when the engine has not
     * produced a valid reading yet ("no data yet", with the reason).
     */
    FALLBACK,
    /**
     * The engine is no longer watched (removed from the collector's configuration, or silent past the retirement
     * bound). The last event of its stream; a tombstone (same key, null value) follows on the topic.
     */
    RETIRED
}
