package dev.pulse.collector;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import java.time.Duration;

/**
 * How the collector protects itself from a failing engine: timeouts, retries inside one poll period and a time-based
 * circuit breaker per engine.
 *
 * @param connectTimeout {@code COLLECTOR_CONNECT_TIMEOUT}: TCP connect timeout of the shared HTTP client
 * @param requestTimeout {@code COLLECTOR_REQUEST_TIMEOUT}: the time limit of one attempt (at most the interval)
 * @param retryAttempts {@code COLLECTOR_RETRY_ATTEMPTS}: attempts per call, the first included (1 = no retry)
 * @param retryBackoff {@code COLLECTOR_RETRY_BACKOFF}: first backoff; doubles per retry, ±50 % jitter
 * @param breakerWindow {@code COLLECTOR_BREAKER_WINDOW}: the breaker's time-based sliding window (whole seconds);
 *     short, because a healthy poll records four successes and a dead one only its failed health attempts: in a long
 *     window old successes would keep a dead engine's circuit closed for many polls
 * @param breakerMinimumCalls {@code COLLECTOR_BREAKER_MIN_CALLS}: calls in the window before the breaker may open
 * @param breakerFailureRate {@code COLLECTOR_BREAKER_FAILURE_RATE}: failure percentage that opens it
 * @param breakerOpenWait {@code COLLECTOR_BREAKER_OPEN_WAIT}: how long it stays open before a half-open probe
 * @param maxBodyBytes {@code COLLECTOR_MAX_BODY_BYTES}: longer bodies are forwarded truncated
 */
public record ResilienceSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        int retryAttempts,
        Duration retryBackoff,
        Duration breakerWindow,
        int breakerMinimumCalls,
        int breakerFailureRate,
        Duration breakerOpenWait,
        int maxBodyBytes) {

    public static final ResilienceSettings DEFAULT = new ResilienceSettings(
            Duration.ofMillis(500),
            Duration.ofMillis(800),
            2,
            Duration.ofMillis(50),
            Duration.ofSeconds(3),
            3,
            50,
            Duration.ofSeconds(1),
            64 * 1024);

    public ResilienceSettings {
        if (connectTimeout.compareTo(requestTimeout) > 0) {
            throw new ConfigException(
                    "COLLECTOR_CONNECT_TIMEOUT",
                    "at most COLLECTOR_REQUEST_TIMEOUT (" + requestTimeout + ")",
                    connectTimeout.toString());
        }
        if (breakerWindow.toMillis() % 1000 != 0) {
            throw new ConfigException(
                    "COLLECTOR_BREAKER_WINDOW", "whole seconds such as 10s", breakerWindow.toString());
        }
    }

    public static ResilienceSettings fromEnv(Env env) {
        return new ResilienceSettings(
                env.duration(
                        "COLLECTOR_CONNECT_TIMEOUT",
                        DEFAULT.connectTimeout,
                        Duration.ofMillis(10),
                        Duration.ofSeconds(30)),
                env.duration(
                        "COLLECTOR_REQUEST_TIMEOUT",
                        DEFAULT.requestTimeout,
                        Duration.ofMillis(10),
                        Duration.ofSeconds(60)),
                env.integer("COLLECTOR_RETRY_ATTEMPTS", DEFAULT.retryAttempts, 1, 10),
                env.duration(
                        "COLLECTOR_RETRY_BACKOFF", DEFAULT.retryBackoff, Duration.ofMillis(1), Duration.ofSeconds(10)),
                env.duration(
                        "COLLECTOR_BREAKER_WINDOW",
                        DEFAULT.breakerWindow,
                        Duration.ofSeconds(1),
                        Duration.ofMinutes(10)),
                env.integer("COLLECTOR_BREAKER_MIN_CALLS", DEFAULT.breakerMinimumCalls, 1, 1000),
                env.integer("COLLECTOR_BREAKER_FAILURE_RATE", DEFAULT.breakerFailureRate, 1, 100),
                env.duration(
                        "COLLECTOR_BREAKER_OPEN_WAIT",
                        DEFAULT.breakerOpenWait,
                        Duration.ofMillis(50),
                        Duration.ofMinutes(5)),
                env.integer("COLLECTOR_MAX_BODY_BYTES", DEFAULT.maxBodyBytes, 1024, 16 * 1024 * 1024));
    }
}
