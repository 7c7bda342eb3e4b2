package dev.pulse.collector;

import java.net.URI;
import java.util.Objects;

/**
 * One engine the collector watches.
 *
 * @param engineId the engine's id: the Kafka key of its readings
 * @param baseUrl where its engine API lives; the endpoint paths are appended to it
 */
public record EngineTarget(String engineId, URI baseUrl) {
    public EngineTarget {
        Objects.requireNonNull(engineId, "engineId");
        Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /** The URL of one endpoint path (such as {@code /health}) of this engine. */
    public URI endpoint(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }
}
