package dev.pulse.gateway.stream;

import dev.pulse.common.model.StreamName;
import java.util.EnumSet;
import java.util.Set;

/**
 * What one client asked for: some streams, optionally only some engines.
 *
 * @param streams the streams, at least one
 * @param engines the engine ids to keep; empty = every engine
 */
public record Subscription(Set<StreamName> streams, Set<String> engines) {
    public Subscription {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("at least one stream");
        }
        streams = Set.copyOf(EnumSet.copyOf(streams));
        engines = Set.copyOf(engines);
    }

    public static Subscription all() {
        return new Subscription(EnumSet.allOf(StreamName.class), Set.of());
    }

    public boolean matches(StreamName stream, String engineId) {
        return streams.contains(stream) && (engines.isEmpty() || (engineId != null && engines.contains(engineId)));
    }

    public boolean wantsEngine(String engineId) {
        return engines.isEmpty() || (engineId != null && engines.contains(engineId));
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
