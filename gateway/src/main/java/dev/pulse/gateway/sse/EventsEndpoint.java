package dev.pulse.gateway.sse;

import dev.pulse.gateway.GatewayMetrics;
import dev.pulse.gateway.http.EventsRequest;
import dev.pulse.gateway.stream.CatchUps;
import dev.pulse.gateway.stream.FanOut;
import dev.pulse.ops.Readiness;
import io.javalin.http.Context;
import io.javalin.http.ServiceUnavailableResponse;
import io.javalin.http.TooManyRequestsResponse;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: a plain GET that streams {@code text/event-stream} to any client (curl too, whatever its Accept
 * header), unlike Javalin's own SSE handler. The request thread only validates and commits the headers; a virtual
 * thread per client does the writing.
 */
public final class EventsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventsEndpoint.class);

    private final FanOut fanOut;
    private final CatchUps catchUps;
    private final ConnectionLimits limits;
    private final SseSettings settings;
    private final GatewayMetrics metrics;
    private final Readiness readiness;
    private final Set<SseSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong counter = new AtomicLong();
    private final Heartbeats heartbeats;

    public EventsEndpoint(
            FanOut fanOut,
            CatchUps catchUps,
            ConnectionLimits limits,
            SseSettings settings,
            GatewayMetrics metrics,
            Readiness readiness) {
        this.fanOut = fanOut;
        this.catchUps = catchUps;
        this.limits = limits;
        this.settings = settings;
        this.metrics = metrics;
        this.readiness = readiness;
        this.heartbeats = new Heartbeats(sessions, settings.heartbeat());
    }

    public void handle(Context ctx) throws IOException {
        readiness.notReadyReason().ifPresent(reason -> {
            throw new ServiceUnavailableResponse("not ready: " + reason);
        });
        EventsRequest request = EventsRequest.from(ctx);
        String address = ctx.ip();
        limits.tryAcquire(address).ifPresent(rejection -> {
            metrics.rejected(rejection.reason());
            throw new TooManyRequestsResponse(rejection.message());
        });
        SseSession session;
        try {
            ctx.status(200);
            ctx.res().setCharacterEncoding("UTF-8");
            ctx.res().setContentType("text/event-stream");
            ctx.header("Cache-Control", "no-cache");
            // Tells nginx-style proxies not to buffer the stream.
            ctx.header("X-Accel-Buffering", "no");
            session = new SseSession(ctx.res().getOutputStream(), request, fanOut, catchUps, settings, metrics);
            ctx.res().flushBuffer();
        } catch (IOException | RuntimeException e) {
            limits.release(address);
            throw e;
        }
        sessions.add(session);
        metrics.connected(request.subscription());
        // Completing this hands the request back to Javalin, which completes the response. That must
        // happen while Jetty still holds the request: at the session's end, or inside Jetty's error
        // callback when the connection broke first (after it, the request is recycled).
        CompletableFuture<Void> response = new CompletableFuture<>();
        session.done().whenComplete((ignored, error) -> {
            sessions.remove(session);
            limits.release(address);
            metrics.disconnected(request.subscription());
            response.complete(null);
        });
        ctx.future(() -> {
            ctx.req().getAsyncContext().addListener(new ConnectionListener(session, response));
            // Snapshot or replay; later writers are started by the frames that arrive (see SseSession).
            Thread.ofVirtual().name("sse-client-" + counter.incrementAndGet()).start(session::run);
            return response;
        });
    }

    private record ConnectionListener(SseSession session, CompletableFuture<Void> response) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            session.connectionGone();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            response.complete(null);
            session.connectionGone();
        }

        @Override
        public void onError(AsyncEvent event) {
            response.complete(null);
            session.connectionGone();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }

    /** Waits until every stream has ended, at most {@code timeout}. */
    public void awaitAllClosed(Duration timeout) {
        CompletableFuture<?>[] open = sessions.stream().map(SseSession::done).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(open).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("streams still open after shutdown notice count={}", sessions.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("stream ended with error={}", e.getCause().toString());
        }
    }

    /** Stops the heartbeat timer (after the streams have ended). */
    @Override
    public void close() {
        heartbeats.close();
    }
}
