package dev.pulse.collector;

import dev.pulse.collector.metrics.CollectorMetrics;
import dev.pulse.collector.poll.EngineClient;
import dev.pulse.collector.poll.EngineGuard;
import dev.pulse.collector.poll.EnginePoller;
import dev.pulse.collector.poll.HttpEngineClient;
import dev.pulse.collector.poll.PollScheduler;
import dev.pulse.collector.poll.Sequencer;
import dev.pulse.collector.poll.SimulatedEngineClient;
import dev.pulse.collector.poll.StatusTracker;
import dev.pulse.collector.publish.ReadingPublisher;
import dev.pulse.ops.OpsRoutes;
import dev.pulse.ops.ServiceMetrics;
import dev.pulse.simulator.model.EngineModel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector: polls every configured engine on a schedule and produces what it reads to {@code engine.readings.raw}.
 * Serves {@code /health}, {@code /ready}, {@code /metrics} and {@code /api/v1/engines}.
 */
public final class CollectorService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorService.class);

    private final Javalin app;
    private final PollScheduler scheduler;
    private final ReadingPublisher publisher;
    private final HttpClient http;

    private CollectorService(Javalin app, PollScheduler scheduler, ReadingPublisher publisher, HttpClient http) {
        this.app = app;
        this.scheduler = scheduler;
        this.publisher = publisher;
        this.http = http;
    }

    public static CollectorService start(CollectorConfig config) {
        Clock clock = Clock.systemUTC();
        PrometheusMeterRegistry registry = ServiceMetrics.create("collector");
        CollectorMetrics metrics = new CollectorMetrics(registry);
        ResilienceSettings resilience = config.resilience();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(EngineGuard.breakerConfig(resilience));
        RetryRegistry retries = RetryRegistry.of(EngineGuard.retryConfig(resilience));
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);

        ReadingPublisher publisher = ReadingPublisher.start(config.kafka(), config.topics(), config.publish(), metrics);
        HttpClient http = config.mode() == CollectorMode.REAL
                ? HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(resilience.connectTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build()
                : null;
        if (http != null) {
            HttpEngineClient.warmUp(http, config.engines(), Duration.ofSeconds(2));
        }
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        Sequencer sequencer = new Sequencer();
        List<EnginePoller> pollers = new ArrayList<>();
        for (EngineTarget target : config.engines()) {
            EngineClient client = http != null
                    ? new HttpEngineClient(http, target, resilience.maxBodyBytes())
                    : new SimulatedEngineClient(
                            new EngineModel(target.engineId(), config.simulatorSeed(), clock.instant()), clock);
            CircuitBreaker breaker = breakers.circuitBreaker(target.engineId());
            breaker.getEventPublisher()
                    .onStateTransition(event -> LOG.debug(
                            "circuit breaker engine={} transition={}", target.engineId(), event.getStateTransition()));
            EngineGuard guard = new EngineGuard(
                    client,
                    breaker,
                    retries.retry(target.engineId()),
                    TimeLimiter.of(target.engineId(), EngineGuard.timeLimiterConfig(resilience)),
                    resilience.requestTimeout());
            StatusTracker status = new StatusTracker(target.engineId(), sequencer, publisher, clock);
            metrics.circuitState(target.engineId(), breaker);
            metrics.engineState(target.engineId(), status);
            pollers.add(new EnginePoller(
                    target.engineId(),
                    guard,
                    status,
                    sequencer,
                    publisher,
                    metrics,
                    config.interval(),
                    workers,
                    clock));
        }
        PollScheduler scheduler = PollScheduler.start(pollers, config.interval(), workers, metrics);

        Javalin app = Javalin.create(cfg -> {
                    // Only /health, /ready and /metrics are served: a small pool is plenty.
                    cfg.jetty.threadPool = new QueuedThreadPool(16, 2);
                    cfg.jetty.port = config.port();
                    OpsRoutes.install(cfg, registry, publisher::notReadyReason);
                    cfg.routes.get("/api/v1/engines", ctx -> ctx.json(engineStates(pollers)));
                })
                .start();
        LOG.info(
                "collector started port={} mode={} engines={} interval={}ms kafka={}",
                app.port(),
                config.mode().name().toLowerCase(java.util.Locale.ROOT),
                config.engines().size(),
                config.interval().toMillis(),
                config.kafka().bootstrapServers());
        return new CollectorService(app, scheduler, publisher, http);
    }

    private static Map<String, Object> engineStates(List<EnginePoller> pollers) {
        Map<String, Object> engines = new LinkedHashMap<>();
        for (EnginePoller poller : pollers) {
            engines.put(poller.engineId(), poller.status().current());
        }
        return Map.of("engines", engines);
    }

    /** The HTTP port (the chosen one when configured with 0). */
    public int port() {
        return app.port();
    }

    /** Stops polling, flushes the producer (within COLLECTOR_SHUTDOWN_TIMEOUT), stops the HTTP server. */
    @Override
    public void close() {
        scheduler.close();
        publisher.close();
        if (http != null) {
            http.shutdownNow();
        }
        app.stop();
    }
}
