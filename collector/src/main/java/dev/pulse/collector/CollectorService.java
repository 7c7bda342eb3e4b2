package dev.pulse.collector;

import dev.pulse.collector.metrics.CollectorMetrics;
import dev.pulse.collector.poll.EngineGuard;
import dev.pulse.collector.poll.HttpEngineClient;
import dev.pulse.collector.poll.Sequencer;
import dev.pulse.collector.publish.ReadingPublisher;
import dev.pulse.ops.OpsRoutes;
import dev.pulse.ops.ServiceMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector: polls every configured engine of its shard on a schedule and produces what it reads, mapped to the
 * contract by the engine's profile, to {@code engine.readings.raw}. Serves {@code /health}, {@code /ready},
 * {@code /metrics} and {@code /api/v1/engines}; re-reads the engines file when it changes.
 */
public final class CollectorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorService.class);

    private final Javalin app;
    private final Fleet fleet;
    private final EnginesReloader reloader;
    private final ReadingPublisher publisher;
    private final HttpClient http;
    private final long run;

    private CollectorService(
            Javalin app, Fleet fleet, EnginesReloader reloader, ReadingPublisher publisher, HttpClient http, long run) {
        this.app = app;
        this.fleet = fleet;
        this.reloader = reloader;
        this.publisher = publisher;
        this.http = http;
        this.run = run;
    }

    public static CollectorService start(CollectorConfig config) {
        return start(config, EnginesReloader.CHECK_EVERY);
    }

    /** As {@link #start(CollectorConfig)}, checking the engines file for changes every {@code reloadCheck}. */
    static CollectorService start(CollectorConfig config, Duration reloadCheck) {
        Clock clock = Clock.systemUTC();
        // The run: this start's time in ms. Restarts of one collector are seconds apart, so it grows across them.
        long run = clock.millis();
        PrometheusMeterRegistry registry = ServiceMetrics.create("collector");
        CollectorMetrics metrics = new CollectorMetrics(registry);
        metrics.run(run);
        ResilienceSettings resilience = config.resilience();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(EngineGuard.breakerConfig(resilience));
        RetryRegistry retries = RetryRegistry.of(EngineGuard.retryConfig(resilience));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);

        ReadingPublisher publisher =
                ReadingPublisher.start(config.kafka(), config.topicNames(), config.topics(), config.publish(), metrics);
        HttpClient http = config.mode() == CollectorMode.REAL
                ? HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(resilience.connectTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build()
                : null;
        if (http != null) {
            HttpEngineClient.warmUp(
                    http,
                    config.engines().stream()
                            .filter(t -> config.shard().owns(t.engineId()))
                            .toList(),
                    Duration.ofSeconds(2));
        }
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        Fleet fleet =
                new Fleet(config, http, breakers, retries, new Sequencer(run), publisher, metrics, workers, clock);
        fleet.start(config.engines());
        metrics.engines(fleet, Fleet::size);
        EnginesReloader reloader = config.enginesFile() == null
                ? null
                : new EnginesReloader(config.enginesFile(), fleet, metrics, reloadCheck);

        Javalin app = Javalin.create(cfg -> {
                    // Only /health, /ready, /metrics and /api/v1/engines are served: a small pool is plenty.
                    cfg.jetty.threadPool = new QueuedThreadPool(16, 2);
                    cfg.jetty.port = config.port();
                    OpsRoutes.install(cfg, registry, publisher::notReadyReason);
                    cfg.routes.get("/api/v1/engines", ctx -> ctx.json(engineStates(run, config.shard(), fleet)));
                })
                .start();
        LOG.info(
                "collector started port={} run={} mode={} engines={} configured={} shard={} engines_file={}"
                        + " interval={}ms kafka={}",
                app.port(),
                run,
                config.mode().name().toLowerCase(Locale.ROOT),
                fleet.size(),
                config.engines().size(),
                config.shard(),
                config.enginesFile() == null ? "-" : config.enginesFile(),
                config.interval().toMillis(),
                config.kafka().bootstrapServers());
        return new CollectorService(app, fleet, reloader, publisher, http, run);
    }

    private static Map<String, Object> engineStates(long run, Shard shard, Fleet fleet) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", run);
        body.put("shard", shard.toString());
        body.put("engines", fleet.states());
        return body;
    }

    /** The HTTP port (the chosen one when configured with 0). */
    public int port() {
        return app.port();
    }

    /** This collector's run: the start time in ms that every raw reading carries. */
    public long run() {
        return run;
    }

    /** Stops polling, flushes the producer (within COLLECTOR_SHUTDOWN_TIMEOUT), stops the HTTP server. */
    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
        fleet.close();
        publisher.close();
        if (http != null) {
            http.shutdownNow();
        }
        app.stop();
    }
}
