package dev.pulse.collector.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.collector.engines.Mapped;
import dev.pulse.collector.engines.Profile;
import dev.pulse.collector.metrics.CollectorMetrics;
import dev.pulse.common.model.EngineState;
import dev.pulse.common.model.ReadingKind;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One poll of one engine: its health check, then its three data endpoints in parallel, each answer a raw reading; the
 * outcome updates the engine's status. A poll never outlives its period.
 */
public final class EnginePoller {
    private static final List<ReadingKind> DATA_KINDS =
            List.of(ReadingKind.SYSTEM, ReadingKind.MEMORY, ReadingKind.GRAPH);
    /** Left at the end of a period so that a poll ends before the next one is due. */
    private static final Duration MARGIN = Duration.ofMillis(10);

    private final String engineId;
    private final Profile profile;
    private final EngineGuard guard;
    private final StatusTracker status;
    private final Sequencer sequencer;
    private final ReadingSink sink;
    private final CollectorMetrics metrics;
    private final Duration interval;
    private final Executor fetchers;
    private final Clock clock;
    private volatile String lastEngineError;

    public EnginePoller(
            String engineId,
            Profile profile,
            EngineGuard guard,
            StatusTracker status,
            Sequencer sequencer,
            ReadingSink sink,
            CollectorMetrics metrics,
            Duration interval,
            Executor fetchers,
            Clock clock) {
        this.engineId = engineId;
        this.profile = profile;
        this.guard = guard;
        this.status = status;
        this.sequencer = sequencer;
        this.sink = sink;
        this.metrics = metrics;
        this.interval = interval;
        this.fetchers = fetchers;
        this.clock = clock;
    }

    public String engineId() {
        return engineId;
    }

    public StatusTracker status() {
        return status;
    }

    public void pollOnce() {
        long started = System.nanoTime();
        long deadline = started + interval.minus(MARGIN).toNanos();
        Throwable failure = fetch(ReadingKind.STATUS, deadline, false);
        if (failure == null) {
            List<CompletableFuture<Throwable>> fetches = DATA_KINDS.stream()
                    .map(kind -> CompletableFuture.supplyAsync(() -> fetch(kind, deadline, true), fetchers))
                    .toList();
            for (CompletableFuture<Throwable> fetch : fetches) {
                Throwable dataFailure = fetch.join();
                failure = failure == null ? dataFailure : failure;
            }
        }
        metrics.pollLatency(engineId).record(Duration.ofNanos(System.nanoTime() - started));
        if (failure instanceof PollDeadlineExceeded && failure.getCause() == null) {
            // The period ran out before the engine was even asked (this process was starved): no verdict.
            metrics.poll(engineId, "overrun");
        } else if (failure == null) {
            metrics.poll(engineId, "ok");
            status.observe(EngineState.UP, null);
        } else if (failure instanceof CallNotPermittedException
                || guard.breaker().getState() == CircuitBreaker.State.OPEN) {
            metrics.poll(engineId, "circuit_open");
            String last = lastEngineError;
            status.observe(
                    EngineState.CIRCUIT_OPEN, last == null ? "circuit open" : "circuit open; last failure " + last);
        } else {
            metrics.poll(engineId, "failed");
            status.observe(EngineState.DOWN, FailureCause.describe(failure));
        }
    }

    /** Calls one endpoint and produces its reading; the failure, or null on success. */
    private Throwable fetch(ReadingKind kind, long deadline, boolean produce) {
        try {
            JsonNode payload = guard.call(kind, deadline);
            if (produce && !status.retired()) {
                Instant collectedAt = clock.instant();
                Mapped mapped = profile.map(kind, payload, collectedAt);
                sink.accept(sequencer.next(engineId, kind, collectedAt, mapped.payload(), mapped.mappingError()));
                metrics.reading(engineId, kind);
                if (mapped.mappingError() != null) {
                    metrics.mappingFailure(engineId, kind);
                }
            }
            return null;
        } catch (Throwable e) {
            metrics.failure(engineId, FailureCause.of(e));
            if (!(e instanceof CallNotPermittedException)) {
                lastEngineError = kind.wireName() + " " + FailureCause.describe(e);
            }
            return e;
        }
    }
}
