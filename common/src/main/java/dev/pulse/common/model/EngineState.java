package dev.pulse.common.model;

/** The collector's view of an engine. */
public enum EngineState {
    /** The engine answers its health check and endpoints. */
    UP,
    /** The engine fails (refused, timed out, 5xx, unreadable): data stops because of it. */
    DOWN,
    /** The collector's circuit breaker is open: it is not calling the engine for now. */
    CIRCUIT_OPEN,
    /** The collector no longer watches the engine (removed from its configuration): downstream retires it. */
    RETIRED
}
