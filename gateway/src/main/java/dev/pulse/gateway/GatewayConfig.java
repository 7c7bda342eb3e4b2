package dev.pulse.gateway;

import dev.pulse.common.config.ConfigException;
import dev.pulse.common.config.Env;
import dev.pulse.common.config.KafkaSettings;
import dev.pulse.common.topic.TopicSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of one gateway replica, read from the environment (see docs/gateway.md).
 *
 * @param port {@code GATEWAY_PORT}, HTTP port; 0 picks a free one (tests)
 * @param kafka {@code KAFKA_BOOTSTRAP_SERVERS} and {@code KAFKA_*} pass-through
 * @param topics how missing topics are created ({@code TOPIC_PARTITIONS}, ...)
 * @param authToken {@code GATEWAY_AUTH_TOKEN}; empty = no authentication
 * @param corsOrigins {@code GATEWAY_CORS_ORIGINS}, origins allowed besides the page's own; empty = same origin only
 * @param heartbeat {@code GATEWAY_HEARTBEAT}, comment sent on an idle stream; below the idle timeout
 * @param retry {@code GATEWAY_RETRY}, the {@code retry:} reconnect hint given to clients
 * @param idleTimeout {@code GATEWAY_IDLE_TIMEOUT}, Jetty closes a connection silent (or stuck) this long
 * @param maxClients {@code GATEWAY_MAX_CLIENTS}, concurrent streams per replica (fewer if the heap holds fewer)
 * @param maxClientsPerIp {@code GATEWAY_MAX_CLIENTS_PER_IP}, concurrent streams per client address
 * @param clientBuffer {@code GATEWAY_CLIENT_BUFFER}, events queued per client before it is dropped as slow
 * @param maxCatchUps {@code GATEWAY_MAX_CATCHUPS}, resumes replaying from Kafka at the same time
 * @param heapPerClientKb {@code GATEWAY_HEAP_PER_CLIENT_KB}, heap budgeted per client when capping the client count to
 *     what the heap holds
 */
public record GatewayConfig(
        int port,
        KafkaSettings kafka,
        TopicSettings topics,
        Optional<String> authToken,
        List<String> corsOrigins,
        Duration heartbeat,
        Duration retry,
        Duration idleTimeout,
        int maxClients,
        int maxClientsPerIp,
        int clientBuffer,
        int maxCatchUps,
        int heapPerClientKb) {

    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RETRY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CLIENTS = 10_000;
    public static final int DEFAULT_MAX_CLIENTS_PER_IP = 100;
    public static final int DEFAULT_CLIENT_BUFFER = 1000;
    public static final int DEFAULT_MAX_CATCHUPS = 16;
    /**
     * An idle client measured 8.6 KB of heap (Jetty's connection and request objects, most of it); the rest covers an
     * active one's queued frames and the batch being written. See docs/gateway.md.
     */
    public static final int DEFAULT_HEAP_PER_CLIENT_KB = 12;

    public GatewayConfig {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        authToken = authToken.filter(t -> !t.isBlank());
        corsOrigins = List.copyOf(corsOrigins);
        for (String origin : corsOrigins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw new ConfigException(
                        "GATEWAY_CORS_ORIGINS",
                        "a comma-separated list of origins such as https://dash.example.com",
                        origin);
            }
        }
        // Heartbeats go out up to a timer tick (a quarter of the interval, at most 1 s) late.
        Duration latest = heartbeat.plus(min(heartbeat.dividedBy(4), Duration.ofSeconds(1)));
        if (latest.compareTo(idleTimeout) >= 0) {
            throw new ConfigException(
                    "GATEWAY_HEARTBEAT",
                    "a duration that, plus a quarter of itself (at most 1 s), stays below GATEWAY_IDLE_TIMEOUT ("
                            + idleTimeout + ")",
                    heartbeat.toString());
        }
        if (maxClientsPerIp > maxClients) {
            throw new ConfigException(
                    "GATEWAY_MAX_CLIENTS_PER_IP",
                    "at most GATEWAY_MAX_CLIENTS (" + maxClients + ")",
                    Integer.toString(maxClientsPerIp));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static GatewayConfig fromEnv(Env env) {
        return new GatewayConfig(
                env.integer("GATEWAY_PORT", DEFAULT_PORT, 0, 65_535),
                KafkaSettings.fromEnv(env),
                TopicSettings.fromEnv(env),
                env.raw("GATEWAY_AUTH_TOKEN"),
                env.list("GATEWAY_CORS_ORIGINS", ""),
                env.duration("GATEWAY_HEARTBEAT", DEFAULT_HEARTBEAT, Duration.ofMillis(100), Duration.ofMinutes(10)),
                env.duration("GATEWAY_RETRY", DEFAULT_RETRY, Duration.ofMillis(100), Duration.ofMinutes(10)),
                env.duration("GATEWAY_IDLE_TIMEOUT", DEFAULT_IDLE_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1)),
                env.integer("GATEWAY_MAX_CLIENTS", DEFAULT_MAX_CLIENTS, 1, 1_000_000),
                env.integer("GATEWAY_MAX_CLIENTS_PER_IP", DEFAULT_MAX_CLIENTS_PER_IP, 1, 1_000_000),
                env.integer("GATEWAY_CLIENT_BUFFER", DEFAULT_CLIENT_BUFFER, 1, 1_000_000),
                env.integer("GATEWAY_MAX_CATCHUPS", DEFAULT_MAX_CATCHUPS, 1, 10_000),
                env.integer("GATEWAY_HEAP_PER_CLIENT_KB", DEFAULT_HEAP_PER_CLIENT_KB, 1, 1_000_000_000));
    }
}
