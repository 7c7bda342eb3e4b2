package dev.pulse.collector.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.collector.EngineTarget;
import dev.pulse.common.model.ReadingKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Reads an engine over HTTP with the collector's one shared {@link HttpClient} (keep-alive connections). */
public final class HttpEngineClient implements EngineClient {
    private final HttpClient http;
    private final EngineTarget target;
    private final int maxBodyBytes;

    public HttpEngineClient(HttpClient http, EngineTarget target, int maxBodyBytes) {
        this.http = http;
        this.target = target;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public CompletableFuture<JsonNode> fetch(ReadingKind kind, Duration timeout) {
        URI uri = target.endpoint(kind.defaultPath());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        return http.sendAsync(request, BoundedBody.handler(maxBodyBytes)).thenApply(response -> {
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                throw new CompletionException(new EngineHttpException(response.statusCode(), kind.defaultPath()));
            }
            return Payloads.of(response.body());
        });
    }
}
