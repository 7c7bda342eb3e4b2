package dev.pulse.gateway.fanout;

import dev.pulse.common.model.StreamName;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What one client asked for: some streams and or the alerts, optionally only of some engines.
 *
 * @param streams the streams; may be empty when {@code alerts} is set
 * @param engines the engine ids to keep; empty = every engine
 * @param alerts whether the client wants the {@code alerts} stream (engine.alerts, see AlertHub)
 * @param scope the engines the client's access grants (a further filter; {@link EngineScope#ALL} without scoped access)
 */
public record Subscription(Set<StreamName> streams, Set<String> engines, boolean alerts, EngineScope scope) {
    public Subscription {
        if (streams.isEmpty() && !alerts) {
            throw new IllegalArgumentException("at least one stream");
        }
        streams = streams.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(streams));
        engines = Set.copyOf(engines);
        Objects.requireNonNull(scope, "scope");
    }

    /** Streams without the alerts, without scoped access. */
    public Subscription(Set<StreamName> streams, Set<String> engines) {
        this(streams, engines, false, EngineScope.ALL);
    }

    /** Only the alerts, of some engines (empty = every engine). */
    public static Subscription alertsOf(Set<String> engines) {
        return new Subscription(Set.of(), engines, true, EngineScope.ALL);
    }

    public static Subscription all() {
        return new Subscription(EnumSet.allOf(StreamName.class), Set.of());
    }

    public boolean matches(StreamName stream, String engineId) {
        return streams.contains(stream) && wantsEngine(engineId);
    }

    public boolean wantsEngine(String engineId) {
        return (engines.isEmpty() || (engineId != null && engines.contains(engineId))) && scope.allows(engineId);
    }

    /** A bit per stream (by ordinal): the key under which identical frames are shared. */
    public int streamMask() {
        int mask = 0;
        for (StreamName stream : streams) {
            mask |= 1 << stream.ordinal();
        }
        return mask;
    }
}
