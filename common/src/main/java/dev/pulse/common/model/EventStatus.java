package dev.pulse.common.model;

/** How fresh a stream event's values are. */
public enum EventStatus {
    /** Values from a reading just validated. */
    LIVE,
    /** No reading arrived within the staleness bound; the values are the last good ones. */
    STALE,
    /** The engine is down (or its circuit open); the values are the last good ones. */
    FALLBACK
}
