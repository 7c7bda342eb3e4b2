package dev.pulse.collector.metrics;

import dev.pulse.collector.poll.FailureCause;
import dev.pulse.collector.poll.StatusTracker;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.ReadingKind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The collector's own metrics, all named {@code pulse.collector.*} (Prometheus: {@code pulse_collector_*}) and tagged
 * with the engine where there is one.
 */
public final class CollectorMetrics {
    private final MeterRegistry registry;

    public CollectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * One poll ended: {@code ok}, {@code failed}, {@code circuit_open}, or {@code skipped} (previous still running).
     */
    public void poll(String engineId, String outcome) {
        Counter.builder("pulse.collector.polls")
                .description("Polls of an engine by outcome")
                .tag("engine", engineId)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** One call to an engine failed (after its retries), by cause. */
    public void failure(String engineId, FailureCause cause) {
        Counter.builder("pulse.collector.failures")
                .description("Failed calls to an engine by cause")
                .tag("engine", engineId)
                .tag("cause", cause.tag())
                .register(registry)
                .increment();
    }

    public Timer pollLatency(String engineId) {
        return Timer.builder("pulse.collector.poll.latency")
                .description("Duration of one poll (health and endpoints)")
                .tag("engine", engineId)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    public void reading(String engineId, ReadingKind kind) {
        Counter.builder("pulse.collector.readings")
                .description("Readings collected, by kind")
                .tag("engine", engineId)
                .tag("kind", kind.wireName())
                .register(registry)
                .increment();
    }

    /** A reading was produced with a mapping error: the engine's answer lacked a required field of its profile. */
    public void mappingFailure(String engineId, ReadingKind kind) {
        Counter.builder("pulse.collector.mapping.failures")
                .description("Readings whose answer lacked a required field of the engine's profile")
                .tag("engine", engineId)
                .tag("kind", kind.wireName())
                .register(registry)
                .increment();
    }

    /** This collector's run (its start time in ms, see docs/collector.md): tells restarts apart on a dashboard. */
    public void run(long run) {
        Gauge.builder("pulse.collector.run", () -> run)
                .description("The collector's run id: its start time in ms")
                .register(registry);
    }

    /** The engines this collector polls now (its shard of the configured ones). */
    public <T> void engines(T owner, ToDoubleFunction<T> count) {
        Gauge.builder("pulse.collector.engines", owner, count)
                .description("Engines this collector polls (its shard of the configured ones)")
                .register(registry);
    }

    /** Reloads of the engines file by outcome: {@code applied}, {@code unchanged} or {@code refused}. */
    public void reload(String outcome) {
        Counter.builder("pulse.collector.engines.reloads")
                .description("Reloads of the engines file by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Drops every meter of an engine that is no longer polled (its gauges would hold the retired objects). */
    public void forget(String engineId) {
        registry.getMeters().stream()
                .filter(meter -> engineId.equals(meter.getId().getTag("engine")))
                .toList()
                .forEach(registry::remove);
    }

    /** 1 for the breaker's current state, 0 for the others. */
    public void circuitState(String engineId, CircuitBreaker breaker) {
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("pulse.collector.circuit.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .description("Circuit breaker state per engine (1 = current)")
                    .tag("engine", engineId)
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    /** 1 for the engine's current state (as last reported in a status reading), 0 for the others. */
    public void engineState(String engineId, StatusTracker status) {
        for (EngineState state : EngineState.values()) {
            Gauge.builder(
                            "pulse.collector.engine.state",
                            status,
                            s -> s.current() != null && s.current().state() == state ? 1 : 0)
                    .description("The collector's view of each engine (1 = current)")
                    .tag("engine", engineId)
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    public void produceError(String engineId, Throwable error) {
        Counter.builder("pulse.collector.produce.errors")
                .description("Readings Kafka refused")
                .tag("engine", engineId)
                .tag("error", error.getClass().getSimpleName())
                .register(registry)
                .increment();
    }

    /**
     * The publisher's gauges. Micrometer holds {@code owner} weakly: pass the long-lived object itself, never a lambda
     * made for the call (it would be collected and the gauge would read NaN).
     */
    public <T> void buffer(
            T owner,
            ToDoubleFunction<T> buffered,
            ToDoubleFunction<T> bufferedBytes,
            ToDoubleFunction<T> dropped,
            ToDoubleFunction<T> kafkaUp) {
        Gauge.builder("pulse.collector.buffered.readings", owner, buffered)
                .description("Readings not yet acknowledged by Kafka (queued and in flight)")
                .register(registry);
        Gauge.builder("pulse.collector.buffered.bytes", owner, bufferedBytes)
                .description("Bytes (readings as JSON) not yet acknowledged by Kafka")
                .baseUnit("bytes")
                .register(registry);
        FunctionCounter.builder("pulse.collector.buffer.dropped", owner, dropped)
                .description("Readings dropped, oldest first, because the buffer was full (by count or by bytes)")
                .register(registry);
        Gauge.builder("pulse.collector.kafka.up", owner, kafkaUp)
                .description("1 while Kafka acknowledges readings")
                .register(registry);
    }
}
