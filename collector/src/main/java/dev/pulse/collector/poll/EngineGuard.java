package dev.pulse.collector.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulse.collector.ResilienceSettings;
import dev.pulse.common.model.ReadingKind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;

/**
 * Every call to one engine goes through here: retry (exponential backoff with jitter, inside the poll period) around
 * the engine's circuit breaker around a time limit per attempt.
 */
public final class EngineGuard {
    /** An attempt with less time than this left in the poll period is not started. */
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(5);

    private final EngineClient client;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    private final Duration requestTimeout;

    public EngineGuard(
            EngineClient client,
            CircuitBreaker breaker,
            Retry retry,
            TimeLimiter timeLimiter,
            Duration requestTimeout) {
        this.client = client;
        this.breaker = breaker;
        this.retry = retry;
        this.timeLimiter = timeLimiter;
        this.requestTimeout = requestTimeout;
    }

    /**
     * A time-based breaker sized from the settings rather than the library's count-based 100-call default, so a dead
     * engine opens it within a couple of polls; one half-open probe decides recovery.
     */
    public static CircuitBreakerConfig breakerConfig(ResilienceSettings settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) settings.breakerWindow().toSeconds())
                .minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(FailureCause::isEngineFailure)
                .ignoreExceptions(PollDeadlineExceeded.class)
                .build();
    }

    /** Retries engine failures only: never an open circuit, a 4xx or a spent poll period. */
    public static RetryConfig retryConfig(ResilienceSettings settings) {
        return RetryConfig.custom()
                .maxAttempts(settings.retryAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.retryBackoff(), 2.0, 0.5))
                .retryOnException(FailureCause::isEngineFailure)
                .build();
    }

    public static TimeLimiterConfig timeLimiterConfig(ResilienceSettings settings) {
        return TimeLimiterConfig.custom()
                .timeoutDuration(settings.requestTimeout())
                .cancelRunningFuture(true)
                .build();
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /** The engine's answer for {@code kind}, or the failure of the last attempt made before {@code deadlineNanos}. */
    public JsonNode call(ReadingKind kind, long deadlineNanos) throws Throwable {
        Throwable[] lastFailure = new Throwable[1];
        CheckedSupplier<JsonNode> attempt = () -> {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining < MIN_ATTEMPT.toNanos()) {
                throw new PollDeadlineExceeded(lastFailure[0]);
            }
            Duration timeout = Duration.ofNanos(Math.min(remaining, requestTimeout.toNanos()));
            try {
                return timeLimiter.executeFutureSupplier(() -> client.fetch(kind, timeout));
            } catch (Exception e) {
                lastFailure[0] = e;
                throw e;
            }
        };
        return Retry.decorateCheckedSupplier(retry, CircuitBreaker.decorateCheckedSupplier(breaker, attempt))
                .get();
    }
}
