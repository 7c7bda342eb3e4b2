package dev.pulse.gateway;

import dev.pulse.common.topic.TopicSetup;
import dev.pulse.gateway.http.AccessPolicy;
import dev.pulse.gateway.http.SnapshotEndpoint;
import dev.pulse.gateway.sse.ConnectionLimits;
import dev.pulse.gateway.sse.EventsEndpoint;
import dev.pulse.gateway.sse.HeapCapacity;
import dev.pulse.gateway.sse.SseSettings;
import dev.pulse.gateway.stream.CatchUps;
import dev.pulse.gateway.stream.FanOut;
import dev.pulse.gateway.stream.SnapshotCache;
import dev.pulse.gateway.stream.TopicTailer;
import dev.pulse.ops.OpsRoutes;
import dev.pulse.ops.Readiness;
import dev.pulse.ops.ServiceMetrics;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway replica: a consumer of the dashboard topics, the fan-out to SSE clients, the snapshot API, health,
 * readiness, metrics and the dashboard page. Replicas share nothing.
 */
public final class GatewayService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);
    /** How long clients get to receive the reconnect notice before the server stops. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /**
     * Request threads. A stream holds none (its writer is a virtual thread), requests are short, so a few suffice;
     * Javalin's default (250) let a burst of connecting clients start a hundred platform threads, each with its stack,
     * idle for a minute afterwards.
     */
    private static final int HTTP_THREADS = 32;

    private final TopicTailer tailer;
    private final FanOut fanOut;
    private final EventsEndpoint events;
    private final Javalin app;
    private final PrometheusMeterRegistry registry;
    private volatile boolean draining;

    private GatewayService(GatewayConfig config) {
        TopicSetup.ensure(config.kafka(), config.topics());
        registry = ServiceMetrics.create("gateway");
        tailer = new TopicTailer(config.kafka());
        SnapshotCache cache = new SnapshotCache();
        GatewayMetrics metrics = new GatewayMetrics(registry, tailer, cache);
        fanOut = new FanOut(tailer.layout(), cache, feed -> metrics.droppedSlow());
        Readiness readiness = () -> draining
                ? Optional.of("shutting down")
                : tailer.caughtUp() ? Optional.empty() : Optional.of("reading the dashboard topics up to their end");
        ConnectionLimits limits = limits(config);
        metrics.maxConnections(limits.effectiveMaxTotal());
        events = new EventsEndpoint(
                fanOut,
                new CatchUps(config.kafka(), tailer.layout(), config.maxCatchUps()),
                limits,
                new SseSettings(config.heartbeat(), config.retry(), config.clientBuffer()),
                metrics,
                readiness);
        SnapshotEndpoint snapshot = new SnapshotEndpoint(fanOut, readiness);
        AccessPolicy access = new AccessPolicy(config.authToken(), config.corsOrigins());
        app = Javalin.create(cfg -> {
            OpsRoutes.install(cfg, registry, readiness);
            QueuedThreadPool threads = new QueuedThreadPool(
                    HTTP_THREADS, 4, (int) Duration.ofSeconds(30).toMillis());
            threads.setName("gateway-http");
            cfg.jetty.threadPool = threads;
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setPort(config.port());
                // Also ends a write stuck on a client that stopped reading (its queue is bounded meanwhile).
                connector.setIdleTimeout(config.idleTimeout().toMillis());
                return connector;
            });
            cfg.staticFiles.add("/public", Location.CLASSPATH);
            cfg.staticFiles.enableWebjars();
            access.install(cfg);
            cfg.routes.get("/events", events::handle);
            cfg.routes.get("/api/v1/snapshot", snapshot::handle);
        });
        try {
            tailer.start(fanOut);
            app.start();
        } catch (RuntimeException e) {
            events.close();
            tailer.close();
            registry.close();
            throw e;
        }
        LOG.info(
                "gateway started port={} partitions={} auth={} corsOrigins={}",
                port(),
                tailer.layout().size(),
                config.authToken().isPresent(),
                config.corsOrigins());
    }

    private static ConnectionLimits limits(GatewayConfig config) {
        HeapCapacity heap = HeapCapacity.ofThisJvm(config.heapPerClientKb() * 1024L);
        if (heap.clients() < config.maxClients()) {
            // The heap grows with the old generation in this JVM's proportion (serial: old = 2/3 of -Xmx).
            double heapPerOld = (double) Runtime.getRuntime().maxMemory() / heap.oldGenerationBytes();
            LOG.warn(
                    "heap holds fewer streams than GATEWAY_MAX_CLIENTS; refusing past them maxClients={} heapClients={} maxHeapMb={}"
                            + " maxHeapNeededMb={}",
                    config.maxClients(),
                    heap.clients(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    Math.round(heap.oldGenerationFor(config.maxClients()) * heapPerOld) >> 20);
        }
        return new ConnectionLimits(config.maxClients(), config.maxClientsPerIp(), heap);
    }

    /** Starts a replica; it answers at once and is ready when it has read the topics to their end. */
    public static GatewayService start(GatewayConfig config) {
        return new GatewayService(config);
    }

    public int port() {
        return app.port();
    }

    /** Stops taking clients, tells the connected ones to reconnect (elsewhere), then stops. */
    @Override
    public void close() {
        draining = true;
        LOG.info("gateway draining clients={}", fanOut.clientCount());
        fanOut.shutdownAll();
        events.awaitAllClosed(SHUTDOWN_GRACE);
        app.stop();
        events.close();
        tailer.close();
        registry.close();
        LOG.info("gateway stopped");
    }
}
