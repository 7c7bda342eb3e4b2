package dev.pulse.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The payload of a {@code status} reading: emitted by the collector on every change of an engine's state, so downstream
 * knows why data stops.
 *
 * @param state the new state
 * @param error what went wrong, or null when UP
 * @param since when the collector saw the change
 */
public record EngineStatus(EngineState state, String error, Instant since) {
    public EngineStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    public static EngineStatus up(Instant since) {
        return new EngineStatus(EngineState.UP, null, since);
    }
}
