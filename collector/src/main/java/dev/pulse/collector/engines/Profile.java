package dev.pulse.collector.engines;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.common.model.ReadingKind;
import dev.pulse.common.model.StreamName;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the collector talks to one kind of engine: its health call and, per stream, the call and the field mapping (see
 * docs/collector.md, "Engines file").
 *
 * @param name how the engines file refers to it
 * @param health the call whose 2xx means the engine is up
 * @param streams one mapping per stream, every stream present
 */
public record Profile(String name, Endpoint health, Map<StreamName, StreamMapping> streams) {
    /** The name of the built-in profile: the simulator's API, which is the contract itself. */
    public static final String BUILT_IN_NAME = "builtin";

    /** Today's API: {@code /health} and the three endpoints of {@link ReadingKind}, answers forwarded as received. */
    public static final Profile BUILT_IN = builtIn();

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(health, "health");
        streams = Map.copyOf(streams);
        for (StreamName stream : StreamName.values()) {
            if (!streams.containsKey(stream)) {
                throw new IllegalArgumentException("profile " + name + " lacks stream " + stream.wireName());
            }
        }
    }

    private static Profile builtIn() {
        Map<StreamName, StreamMapping> streams = new EnumMap<>(StreamName.class);
        for (StreamName stream : StreamName.values()) {
            streams.put(stream, StreamMapping.builtIn(stream));
        }
        return new Profile(BUILT_IN_NAME, Endpoint.get(ReadingKind.STATUS.defaultPath()), streams);
    }

    /** The call for one kind of reading ({@code status} = the health call). */
    public Endpoint endpoint(ReadingKind kind) {
        return StreamName.forKind(kind)
                .map(stream -> streams.get(stream).endpoint())
                .orElse(health);
    }

    /** The engine's answer for a data kind, mapped to the contract. */
    public Mapped map(ReadingKind kind, JsonNode answer, Instant collectedAt) {
        return StreamName.forKind(kind)
                .map(stream -> streams.get(stream).map(answer, collectedAt))
                .orElseGet(() -> Mapped.asReceived(answer));
    }

    /** The same profile with {@code headers} added to every call (an engine's own headers). */
    public Profile withHeaders(List<Header> headers) {
        if (headers.isEmpty()) {
            return this;
        }
        Map<StreamName, StreamMapping> withHeaders = new EnumMap<>(StreamName.class);
        streams.forEach((stream, mapping) -> withHeaders.put(stream, mapping.withHeaders(headers)));
        return new Profile(name, health.withHeaders(headers), withHeaders);
    }
}
