package dev.pulse.collector;

import dev.pulse.collector.engines.Profile;
import java.net.URI;
import java.util.Objects;

/**
 * One engine the collector watches.
 *
 * @param engineId the engine's id: the Kafka key of its readings
 * @param baseUrl where its engine API lives; the profile's paths are appended to it
 * @param profile how to call it and map its answers (with the engine's own headers merged in)
 */
public record EngineTarget(String engineId, URI baseUrl, Profile profile) {
    public EngineTarget {
        Objects.requireNonNull(engineId, "engineId");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(profile, "profile");
    }

    /** An engine that speaks the built-in API (the {@code ENGINE_URLS} form). */
    public EngineTarget(String engineId, URI baseUrl) {
        this(engineId, baseUrl, Profile.BUILT_IN);
    }

    /** The URL of one endpoint path (such as {@code /health}) of this engine. */
    public URI endpoint(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
