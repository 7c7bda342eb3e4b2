package dev.pulse.collector.engines;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP call the collector makes to an engine.
 *
 * @param path appended to the engine's URL (may hold a query string)
 * @param method {@code GET} or {@code POST}
 * @param headers sent with the request, after {@code Accept: application/json}
 * @param body sent with a {@code POST} as {@code application/json}; null for none
 */
public record Endpoint(String path, String method, List<Header> headers, String body) {
    public Endpoint {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(method, "method");
        headers = List.copyOf(headers);
    }

    public static Endpoint get(String path) {
        return new Endpoint(path, "GET", List.of(), null);
    }

    /** The same call with {@code more} headers; a header of the same name (any case) is replaced. */
    public Endpoint withHeaders(List<Header> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Header> merged = new ArrayList<>(headers);
        for (Header header : more) {
            merged.removeIf(h -> h.name().equalsIgnoreCase(header.name()));
            merged.add(header);
        }
        return new Endpoint(path, method, merged, body);
    }
}
