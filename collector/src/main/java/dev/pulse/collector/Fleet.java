package dev.pulse.collector;

import dev.pulse.collector.engines.Profile;
import dev.pulse.collector.metrics.CollectorMetrics;
import dev.pulse.collector.poll.EngineClient;
import dev.pulse.collector.poll.EngineGuard;
import dev.pulse.collector.poll.EnginePoller;
import dev.pulse.collector.poll.HttpEngineClient;
import dev.pulse.collector.poll.PollScheduler;
import dev.pulse.collector.poll.ReadingSink;
import dev.pulse.collector.poll.Sequencer;
import dev.pulse.collector.poll.SimulatedEngineClient;
import dev.pulse.collector.poll.StatusTracker;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.EngineStatus;
import dev.pulse.engine.model.EngineModel;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines this collector polls, and how one is wired (client, guard, status, poller). {@link #apply} moves the
 * running set to a new one: added engines start polling, removed ones stop and get one {@code RETIRED} status reading,
 * changed ones (another url, profile or headers) are rewired and keep their sequence numbers.
 */
final class Fleet {
    private static final Logger LOG = LoggerFactory.getLogger(Fleet.class);
    static final String REMOVED = "removed from the collector's configuration";

    private final CollectorConfig config;
    private final HttpClient http;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final Sequencer sequencer;
    private final ReadingSink sink;
    private final CollectorMetrics metrics;
    private final ExecutorService workers;
    private final Clock clock;
    private final Map<String, Watched> engines = new LinkedHashMap<>();
    /** A copy of {@code engines} after each change: read by HTTP and metrics without waiting for a reload. */
    private volatile List<Watched> view = List.of();

    private PollScheduler scheduler;

    private record Watched(EngineTarget target, EnginePoller poller) {}

    Fleet(
            CollectorConfig config,
            HttpClient http,
            CircuitBreakerRegistry breakers,
            RetryRegistry retries,
            Sequencer sequencer,
            ReadingSink sink,
            CollectorMetrics metrics,
            ExecutorService workers,
            Clock clock) {
        this.config = config;
        this.http = http;
        this.breakers = breakers;
        this.retries = retries;
        this.sequencer = sequencer;
        this.sink = sink;
        this.metrics = metrics;
        this.workers = workers;
        this.clock = clock;
    }

    /** Starts polling the engines of this collector's shard. */
    synchronized void start(List<EngineTarget> configured) {
        List<EnginePoller> pollers = new ArrayList<>();
        for (EngineTarget target : owned(configured)) {
            EnginePoller poller = wire(target);
            engines.put(target.engineId(), new Watched(target, poller));
            pollers.add(poller);
        }
        scheduler = PollScheduler.start(pollers, config.interval(), workers, metrics);
        view = List.copyOf(engines.values());
    }

    /** Moves to a new configured set; returns how many engines were added, removed and changed. */
    synchronized Change apply(List<EngineTarget> configured) {
        Map<String, EngineTarget> next = new LinkedHashMap<>();
        owned(configured).forEach(target -> next.put(target.engineId(), target));
        int removed = 0;
        int changed = 0;
        for (Watched watched : List.copyOf(engines.values())) {
            EngineTarget target = next.get(watched.target().engineId());
            if (target == null) {
                stop(watched);
                watched.poller().status().observe(EngineState.RETIRED, REMOVED);
                removed++;
            } else if (!target.equals(watched.target())) {
                stop(watched);
                LOG.info(
                        "engine rewired engine={} url={} profile={}",
                        target.engineId(),
                        target.baseUrl(),
                        target.profile().name());
                changed++;
            }
        }
        int started = 0;
        for (EngineTarget target : next.values()) {
            if (!engines.containsKey(target.engineId())) {
                EnginePoller poller = wire(target);
                engines.put(target.engineId(), new Watched(target, poller));
                scheduler.add(poller);
                started++;
            }
        }
        view = List.copyOf(engines.values());
        return new Change(started - changed, removed, changed);
    }

    /** What a reload did. */
    record Change(int added, int removed, int changed) {
        boolean isEmpty() {
            return added == 0 && removed == 0 && changed == 0;
        }
    }

    private void stop(Watched watched) {
        String id = watched.target().engineId();
        scheduler.remove(id);
        engines.remove(id);
        breakers.remove(id);
        retries.remove(id);
        metrics.forget(id);
    }

    private List<EngineTarget> owned(List<EngineTarget> configured) {
        return configured.stream()
                .filter(target -> config.shard().owns(target.engineId()))
                .toList();
    }

    private EnginePoller wire(EngineTarget target) {
        String id = target.engineId();
        EngineClient client = http != null
                ? new HttpEngineClient(http, target, config.resilience().maxBodyBytes())
                : new SimulatedEngineClient(new EngineModel(id, config.simulatorSeed(), clock.instant()), clock);
        // The simulated mode answers in the built-in shape whatever the file's profile says.
        Profile profile = http != null ? target.profile() : Profile.BUILT_IN;
        CircuitBreaker breaker = breakers.circuitBreaker(id);
        breaker.getEventPublisher()
                .onStateTransition(
                        event -> LOG.debug("circuit breaker engine={} transition={}", id, event.getStateTransition()));
        EngineGuard guard = new EngineGuard(
                client,
                breaker,
                retries.retry(id),
                TimeLimiter.of(id, EngineGuard.timeLimiterConfig(config.resilience())),
                config.resilience().requestTimeout());
        StatusTracker status = new StatusTracker(id, sequencer, sink, clock);
        metrics.circuitState(id, breaker);
        metrics.engineState(id, status);
        return new EnginePoller(
                id, profile, guard, status, sequencer, sink, metrics, config.interval(), workers, clock);
    }

    /** The last status of each engine polled (null before its first poll ended). */
    synchronized Map<String, EngineStatus> states() {
        Map<String, EngineStatus> states = new LinkedHashMap<>();
        engines.forEach(
                (id, watched) -> states.put(id, watched.poller().status().current()));
        return states;
    }

    synchronized int size() {
        return engines.size();
    }

    void close() {
        scheduler.close();
    }
}
