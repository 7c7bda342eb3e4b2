package dev.pulse.gateway.sse;

import dev.pulse.gateway.GatewayMetrics;
import dev.pulse.gateway.alert.AlertHub;
import dev.pulse.gateway.fanout.FanOut;
import dev.pulse.gateway.http.AccessScope;
import dev.pulse.gateway.http.ClientAddresses;
import dev.pulse.gateway.http.EventsRequest;
import dev.pulse.gateway.http.ReplayWindow;
import dev.pulse.gateway.kafka.CatchUps;
import dev.pulse.gateway.kafka.ClusterWatch;
import dev.pulse.gateway.kafka.EndOffsets;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
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
    private final AlertHub alerts;
    private final Supplier<ClusterWatch.Change> kafkaStatus;
    private final ReplayWindow window;
    private final TokenBounds tokenBounds;
    private final ClientAddresses clients;
    private final Set<SseSession> sessions = ConcurrentHashMap.newKeySet();
    private final AtomicLong counter = new AtomicLong();
    private final Heartbeats heartbeats;

    public EventsEndpoint(
            FanOut fanOut,
            CatchUps catchUps,
            ConnectionLimits limits,
            SseSettings settings,
            GatewayMetrics metrics,
            Readiness readiness,
            AlertHub alerts,
            Supplier<ClusterWatch.Change> kafkaStatus,
            ReplayWindow window,
            EndOffsets endOffsets,
            ClientAddresses clients) {
        this.alerts = alerts;
        this.kafkaStatus = kafkaStatus;
        this.fanOut = fanOut;
        this.catchUps = catchUps;
        this.limits = limits;
        this.settings = settings;
        this.metrics = metrics;
        this.readiness = readiness;
        this.window = window;
        this.tokenBounds = new TokenBounds(fanOut, endOffsets);
        this.clients = clients;
        this.heartbeats = new Heartbeats(sessions, settings.heartbeat());
    }

    public void handle(Context ctx) throws IOException {
        readiness.notReadyReason().ifPresent(reason -> {
            throw new ServiceUnavailableResponse("not ready: " + reason);
        });
        EventsRequest request = EventsRequest.from(ctx, window);
        request.token()
                .ifPresent(
                        token -> tokenBounds.check(token, request.subscription().streams()));
        String address = clients.of(ctx);
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
            session = new SseSession(
                    ctx.res().getOutputStream(),
                    request,
                    fanOut,
                    catchUps,
                    settings,
                    metrics,
                    alerts,
                    kafkaStatus,
                    address,
                    AccessScope.of(ctx).expiresAt(),
                    connectionCloser(ctx));
            ctx.res().flushBuffer();
        } catch (IOException | RuntimeException e) {
            limits.release(address);
            throw e;
        }
        sessions.add(session);
        metrics.connected(request.subscription());
        // Completing this hands the request back to Javalin, which completes the response. That must
        // happen while Jetty still holds the request: at the session's end, or inside Jetty's error
        // callback when the connection broke first (after it, the request is recycled). Once Jetty has
        // completed the request by itself, completing the future would make Javalin touch a recycled
        // request (its error handling then fails on it over and over): it is left alone.
        CompletableFuture<Void> response = new CompletableFuture<>();
        AtomicBoolean completedByJetty = new AtomicBoolean();
        session.done().whenComplete((ignored, error) -> {
            sessions.remove(session);
            limits.release(address);
            metrics.disconnected(request.subscription());
            if (!completedByJetty.get()) {
                response.complete(null);
            }
        });
        ctx.future(() -> {
            ctx.req().getAsyncContext().addListener(new ConnectionListener(session, response, completedByJetty));
            // Snapshot or replay; later writers are started by the frames that arrive (see SseSession).
            Thread.ofVirtual().name("sse-client-" + counter.incrementAndGet()).start(session::run);
            return response;
        });
    }

    /**
     * Closes the connection under a stream whose client stopped reading: that fails the write blocked on it. The
     * connection, not the request: Jetty reuses a connection's request objects, while its endpoint is that client's
     * alone (with HTTP/2 its other streams go too, but they are stuck behind the same socket).
     */
    private static Runnable connectionCloser(Context ctx) {
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req())
                .getConnectionMetaData()
                .getConnection()
                .getEndPoint();
        return endPoint::close;
    }

    private record ConnectionListener(
            SseSession session, CompletableFuture<Void> response, AtomicBoolean completedByJetty)
            implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            completedByJetty.set(true);
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
        } catch (ExecutionException e) {
            LOG.warn("stream ended with error={}", e.getCause().toString());
        }
    }

    /** Stops the heartbeat timer (after the streams have ended). */
    @Override
    public void close() {
        heartbeats.close();
    }
}
