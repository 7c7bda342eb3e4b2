package dev.pulse.collector.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.collector.EngineTarget;
import dev.pulse.collector.engines.Endpoint;
import dev.pulse.collector.engines.Header;
import dev.pulse.common.model.ReadingKind;
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
                .map(t ->
                        http.sendAsync(request(t, t.profile().health(), bound), HttpResponse.BodyHandlers.discarding()))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(requests).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a down engine is the poller's business, not the warm-up's
        }
    }

    /**
     * The answer within {@code timeout}, body included. The request's own timeout ends at the response head, so the
     * body has its own deadline (the rest of the same time); and cancelling the returned future (the time limiter does)
     * aborts the exchange itself, so an engine that drips its answer holds no socket past the attempt.
     */
    @Override
    public CompletableFuture<JsonNode> fetch(ReadingKind kind, Duration timeout) {
        Endpoint endpoint = target.profile().endpoint(kind);
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        CompletableFuture<HttpResponse<BoundedBody>> exchange =
                http.sendAsync(request(target, endpoint, timeout), BoundedBody.handler(maxBodyBytes, deadlineNanos));
        CompletableFuture<JsonNode> answer = exchange.thenApply(response -> {
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                throw new CompletionException(new EngineHttpException(response.statusCode(), endpoint.path()));
            }
            return Payloads.of(response.body());
        });
        answer.whenComplete((ignored, failure) -> {
            if (answer.isCancelled()) {
                exchange.cancel(true);
            }
        });
        return answer;
    }

    /** The request of one endpoint of the engine's profile, with its headers (values from the engines file). */
    static HttpRequest request(EngineTarget target, Endpoint endpoint, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.endpoint(endpoint.path()))
                .timeout(timeout)
                .header("Accept", "application/json");
        for (Header header : endpoint.headers()) {
            request.setHeader(header.name(), header.value());
        }
        if (endpoint.method().equals("POST")) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(endpoint.body() == null ? "" : endpoint.body()));
        } else {
            request.GET();
        }
        return request.build();
    }
}
