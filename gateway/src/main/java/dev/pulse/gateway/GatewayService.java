package dev.pulse.gateway;

import dev.pulse.common.topic.TopicSetup;
import dev.pulse.gateway.alert.AlertHub;
import dev.pulse.gateway.alert.AlertTailer;
import dev.pulse.gateway.alert.AlertsEndpoint;
import dev.pulse.gateway.fanout.FanOut;
import dev.pulse.gateway.http.AccessPolicy;
import dev.pulse.gateway.http.ExportEndpoint;
import dev.pulse.gateway.http.ExportLimits;
import dev.pulse.gateway.http.ReplayWindow;
import dev.pulse.gateway.http.SecurityHeaders;
import dev.pulse.gateway.http.SnapshotEndpoint;
import dev.pulse.gateway.kafka.CatchUps;
import dev.pulse.gateway.kafka.ClusterWatch;
import dev.pulse.gateway.kafka.EndOffsets;
import dev.pulse.gateway.kafka.TopicRetention;
import dev.pulse.gateway.kafka.TopicTailer;
import dev.pulse.gateway.snapshot.SnapshotCache;
import dev.pulse.gateway.sse.ConnectionLimits;
import dev.pulse.gateway.sse.EventsEndpoint;
import dev.pulse.gateway.sse.HeapCapacity;
import dev.pulse.gateway.sse.KafkaNotices;
import dev.pulse.gateway.sse.SseSettings;
import dev.pulse.gateway.tcp.ConnectionBudget;
import dev.pulse.gateway.tcp.HalfOpenEviction;
import dev.pulse.gateway.tcp.RequestHeadTimeout;
import dev.pulse.gateway.tcp.TlsConnector;
import dev.pulse.ops.OpsRoutes;
import dev.pulse.ops.Readiness;
import dev.pulse.ops.ServiceMetrics;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
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
    /** Reached by probes and scrapers by address, not by name; they carry no stream data. */
    private static final Set<String> OPEN_PATHS = Set.of("/health", "/ready", "/metrics");

    private final TopicTailer tailer;
    private final AlertTailer alertTailer;
    private final FanOut fanOut;
    private final EventsEndpoint events;
    private final Javalin app;
    private final PrometheusMeterRegistry registry;
    private final EndOffsets endOffsets;
    private final ClusterWatch kafkaWatch;
    private volatile boolean draining;

    private GatewayService(GatewayConfig config) {
        TopicSetup.ensure(config.kafka(), config.topicNames(), config.topics());
        registry = ServiceMetrics.create("gateway");
        tailer = new TopicTailer(config.kafka(), config.topicNames(), config.partitionCheckInterval());
        alertTailer =
                new AlertTailer(config.kafka(), config.topicNames().alerts().name(), config.partitionCheckInterval());
        AlertHub alerts = new AlertHub(registry);
        endOffsets = new EndOffsets(config.kafka());
        SnapshotCache cache = new SnapshotCache();
        GatewayMetrics metrics = new GatewayMetrics(registry, tailer, cache);
        fanOut = new FanOut(tailer.layout(), cache, feed -> metrics.droppedSlow(GatewayMetrics.QUEUE_FULL));
        kafkaWatch = new ClusterWatch(
                config.kafka(),
                config.topicNames().dashboardNames(),
                config.kafkaCheckInterval(),
                change -> fanOut.broadcast(KafkaNotices.of(change)));
        metrics.kafka(() -> kafkaWatch.current().status());
        Readiness readiness = () -> draining
                ? Optional.of("shutting down")
                : tailer.caughtUp() && alertTailer.caughtUp()
                        ? Optional.empty()
                        : Optional.of("reading the dashboard and alerts topics up to their end");
        ConnectionLimits limits = limits(config);
        metrics.maxConnections(limits.effectiveMaxTotal());
        int maxTcp = config.maxConnections() > 0
                ? config.maxConnections()
                : ConnectionBudget.ofThisProcess(limits.effectiveMaxTotal()).connections();
        CatchUps catchUps =
                new CatchUps(config.kafka(), tailer.layout(), config.maxCatchUps(), config.maxCatchUpsPerIp());
        ReplayWindow window = new ReplayWindow(
                TopicRetention.longest(config.kafka(), config.topicNames().dashboardNames()), Clock.systemUTC());
        events = new EventsEndpoint(
                fanOut,
                catchUps,
                limits,
                new SseSettings(config.heartbeat(), config.retry(), config.clientBuffer(), config.writeTimeout()),
                metrics,
                readiness,
                alerts,
                kafkaWatch::current,
                window,
                endOffsets,
                config.clientAddresses());
        SnapshotEndpoint snapshot = new SnapshotEndpoint(fanOut, readiness);
        ExportEndpoint export = new ExportEndpoint(
                catchUps,
                tailer.layout(),
                readiness,
                Clock.systemUTC(),
                ExportLimits.DEFAULTS,
                config.clientAddresses(),
                registry);
        AccessPolicy access = new AccessPolicy(config.authToken(), config.jwt(), config.corsOrigins());
        app = Javalin.create(cfg -> {
            OpsRoutes.install(cfg, registry, readiness);
            QueuedThreadPool threads = new QueuedThreadPool(
                    HTTP_THREADS, 4, (int) Duration.ofSeconds(30).toMillis());
            threads.setName("gateway-http");
            cfg.jetty.threadPool = threads;
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector connector = config.tls()
                        .map(tls -> TlsConnector.create(server, http, tls))
                        .orElseGet(() -> new ServerConnector(server, new HttpConnectionFactory(http)));
                connector.setPort(config.port());
                connector.setIdleTimeout(config.idleTimeout().toMillis());
                // What the kernel holds for a client that stopped reading before its writes stall (then the write
                // timeout drops it); left to autotuning, Linux let each such socket absorb about a megabyte.
                connector.setAcceptedSendBufferSize(config.sendBufferBytes());
                connector.addEventListener(new RequestHeadTimeout(config.requestHeadTimeout(), server.getScheduler()));
                // Past the limit a connection without a request is closed (the oldest such, else the new one); the
                // few accepted beyond it only to be closed are bounded by Jetty's limit, which then stops accepting.
                Counter evictedOldest = evicted(registry, "oldest_without_request");
                Counter refusedNewest = evicted(registry, "newest_refused");
                HalfOpenEviction eviction =
                        new HalfOpenEviction(maxTcp, newest -> (newest ? refusedNewest : evictedOldest).increment());
                connector.addEventListener(eviction);
                server.addBean(new NetworkConnectionLimit(maxTcp + ConnectionBudget.REFUSAL_ROOM, connector));
                Gauge.builder("pulse.gateway.tcp.connections", eviction, HalfOpenEviction::open)
                        .description("open TCP connections")
                        .register(registry);
                Gauge.builder("pulse.gateway.tcp.connections.max", () -> maxTcp)
                        .description("TCP connections served at once (GATEWAY_MAX_CONNECTIONS or sized)")
                        .register(registry);
                return connector;
            });
            cfg.staticFiles.add("/public", Location.CLASSPATH);
            cfg.staticFiles.enableWebjars();
            SecurityHeaders.install(cfg);
            // Before the access check: a request to a name the gateway does not answer to gets nothing at all.
            config.publicOrigins().install(cfg, OPEN_PATHS);
            access.install(cfg);
            cfg.routes.get("/events", events::handle);
            cfg.routes.get("/api/v1/snapshot", snapshot::handle);
            cfg.routes.get("/api/v1/alerts", new AlertsEndpoint(alerts, readiness)::handle);
            cfg.routes.get("/api/v1/export", export::handle);
        });
        try {
            tailer.start(fanOut);
            alertTailer.start(alerts);
            app.start();
            kafkaWatch.start();
        } catch (RuntimeException e) {
            kafkaWatch.close();
            events.close();
            tailer.close();
            alertTailer.close();
            endOffsets.close();
            registry.close();
            throw e;
        }
        LOG.info(
                "gateway started port={} tls={} partitions={} auth={} jwt={} corsOrigins={} maxTcpConnections={}"
                        + " maxClients={} sendBufferBytes={} writeTimeout={}",
                port(),
                config.tls().isPresent(),
                tailer.layout().size(),
                config.authToken().isPresent(),
                config.jwt().isPresent(),
                config.corsOrigins(),
                maxTcp,
                config.maxClients(),
                config.sendBufferBytes(),
                config.writeTimeout());
    }

    private static Counter evicted(PrometheusMeterRegistry registry, String which) {
        return Counter.builder("pulse.gateway.tcp.closed.at.limit")
                .tag("which", which)
                .description("connections closed at the TCP connection limit before their first request")
                .register(registry);
    }

    /** GatewayConfig has checked that the heap holds {@code maxClients}; it is measured here again for the 429s. */
    private static ConnectionLimits limits(GatewayConfig config) {
        HeapCapacity heap = HeapCapacity.ofThisJvm(config.heapPerClientKb() * 1024L);
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
        kafkaWatch.close();
        events.close();
        tailer.close();
        alertTailer.close();
        endOffsets.close();
        registry.close();
        LOG.info("gateway stopped");
    }
}
