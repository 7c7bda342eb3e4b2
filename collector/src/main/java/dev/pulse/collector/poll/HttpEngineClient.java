package dev.pulse.collector.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.collector.EngineTarget;
import dev.pulse.common.model.ReadingKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * Asks each engine's health once, untimed by the poll, before polling starts: the first request of a JVM loads the
     * whole HTTP stack and can miss a tight request timeout, which would report healthy engines DOWN at every start.
     * Waits at most {@code bound}; results are ignored.
     */
    public static void warmUp(HttpClient http, List<EngineTarget> targets, Duration bound) {
        CompletableFuture<?>[] requests = targets.stream()
                .map(t -> http.sendAsync(
                        HttpRequest.newBuilder(t.endpoint(ReadingKind.STATUS.defaultPath()))
                                .timeout(bound)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding()))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(requests).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a down engine is the poller's business, not the warm-up's
        }
    }

    @Override
    public CompletableFuture<JsonNode> fetch(ReadingKind kind, Duration timeout) {
        URI uri = target.endpoint(kind.defaultPath());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, BoundedBody.handler(maxBodyBytes)).thenApply(response -> {
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                throw new CompletionException(new EngineHttpException(response.statusCode(), kind.defaultPath()));
            }
            return Payloads.of(response.body());
        });
    }
}
